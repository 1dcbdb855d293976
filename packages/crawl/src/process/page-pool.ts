/**
 * Large pages are processed on worker threads (issue 12: "parse off the event loop").
 * A 4.4 MB page took the loop 1.9 s to decode, parse and extract — no response was
 * handled meanwhile. From {@link OFFLOAD_MIN_BYTES} up, the engine hands the page to a
 * {@link ThreadPoolExecutor} instead: the body's bytes are transferred (not copied), the
 * worker runs `page-job.ts` and sends back only what is stored and the links.
 *
 * Smaller pages stay on the loop: the handoff (a postMessage each way, the result's
 * structured clone, a loop turn) costs more than parsing a page of a few KB.
 *
 * Bounds: at most {@link PER_THREAD} large pages per thread are handed over at once
 * (others wait here, holding their processing-gate place), so bodies queued for workers
 * stay a few pages' worth. Cancelling a page's task terminates its thread (a 5 MB parse
 * is not worth finishing for nobody); the pool starts a new one when needed.
 *
 * Where it enters the engine's data flow: step 6, in place of decoding and parsing on
 * the loop, and only when no page handler is set (a handler needs the page itself).
 * @module
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Semaphore, ThreadPoolExecutor, transfer, type Coro } from "corio";
import type { PageJobInput, PageJobOptions, PageJobResult } from "./page-job.js";

/**
 * Pages this large or larger are processed on a worker thread. 128 KiB from the handoff
 * figures in bench/src/probes/offload.ts; `CORIO_CRAWL_OFFLOAD_BYTES` overrides it for
 * such measurements (0: every HTML page, Infinity: none).
 */
export const OFFLOAD_MIN_BYTES = offloadMinBytes(process.env["CORIO_CRAWL_OFFLOAD_BYTES"]);

function offloadMinBytes(env: string | undefined): number {
  const n = env === undefined || env === "" ? NaN : Number(env);
  return n >= 0 ? n : 128 * 1024;
}

/** Large pages handed over per worker thread at once. */
const PER_THREAD = 2;

/**
 * The worker isolate's young generation, in MB (V8's default grows to several times
 * this). A large page's text and arrays are large objects that skip it, and the rest dies
 * young: on the 20,000-page docs site (probes/docs-site.ts, two runs each) 8 MB gave a
 * peak RSS of 237–238 MB against 263 with the default, with less CPU (29 s against 31)
 * and no longer gaps; 4 MB saved 3 MB more and cost CPU (34–38 s), 16 MB saved little.
 */
const WORKER_YOUNG_MB = 8;

/**
 * The worker's module: the built JavaScript beside this file, or a tsx shim when running
 * from the sources. A bundle of corio crawl has no `page-job.js` beside it: it names the
 * module (bundled on its own) in `CORIO_CRAWL_PAGE_JOB`, or large pages stay on the loop.
 */
const PAGE_JOB = pageJobModule(process.env["CORIO_CRAWL_PAGE_JOB"]);

function pageJobModule(env: string | undefined): URL {
  if (env !== undefined && env !== "") return pathToFileURL(resolve(env));
  return import.meta.url.endsWith(".ts") ? new URL("./page-job-dev.mjs", import.meta.url) : new URL("./page-job.js", import.meta.url);
}

/** Is the worker's module there? (Checked once: a bundle may lack it.) */
let pageJobFound: boolean | undefined;

let optionsKeys = 0;

/**
 * A crawl's page workers, started on the first large page.
 *
 * @example
 * ```ts
 * const pool = new PagePool(options);
 * const result = yield* pool.process(input); // input.body is transferred: empty afterwards
 * yield* pool.close();
 * ```
 */
export class PagePool {
  private executor: ThreadPoolExecutor | null = null;
  private readonly threads: number;
  private readonly slots: Semaphore;
  private readonly key = `crawl-${process.pid}-${++optionsKeys}`;
  private readonly options: PageJobOptions;

  /**
   * `threads` defaults to the cores but one (the loop's), at most 2: large pages are rare
   * (a few in thousands), and each thread is an isolate of its own — on the docs-site
   * probe the threads were most of the RSS the main heap does not explain.
   */
  constructor(options: PageJobOptions & { onPage?: unknown; signal?: unknown; random?: unknown }, threads = Math.max(1, Math.min(2, availableParallelism() - 1))) {
    const { onPage: _h, signal: _s, random: _r, ...plain } = options;
    this.options = plain;
    this.threads = threads;
    this.slots = new Semaphore(threads * PER_THREAD);
  }

  /** Should this response be processed on a worker? */
  static wants(bytes: number, hasHandler: boolean): boolean {
    return !hasHandler && bytes >= OFFLOAD_MIN_BYTES;
  }

  /**
   * Can pages go to a worker? Not when the worker's module is missing (corio crawl
   * bundled without it): then `onMissing` hears it once, and pages stay on the loop —
   * slower for large pages, never wrong.
   */
  available(onMissing: (text: string) => void): boolean {
    if (pageJobFound === undefined) {
      pageJobFound = existsSync(fileURLToPath(PAGE_JOB));
      if (!pageJobFound) {
        onMissing(`large pages are processed on the event loop: the page worker's module ${fileURLToPath(PAGE_JOB)} is missing (a bundle? set CORIO_CRAWL_PAGE_JOB to page-job.js bundled on its own)`);
      }
    }
    return pageJobFound;
  }

  /** Process one page on a worker; its body's buffer is transferred (detached here). */
  *process(input: PageJobInput): Coro<PageJobResult> {
    yield* this.slots.acquire();
    try {
      this.executor ??= new ThreadPoolExecutor({ maxThreads: this.threads, onCancel: "terminate", name: "corio-crawl-page", resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
      const body = ownBuffer(input.body);
      const job = { ...input, body };
      return yield* this.executor.submit<PageJobResult>(PAGE_JOB, "processPage", this.key, this.options, transfer(job, [body.buffer as ArrayBuffer]));
    } finally {
      this.slots.release();
    }
  }

  /** End the threads (pages still queued are dropped: the crawl is over or stopping). */
  *close(): Coro<void> {
    const executor = this.executor;
    this.executor = null;
    if (executor !== null) yield* executor.shutdown({ cancelFutures: true });
  }
}

/**
 * A view that owns its whole ArrayBuffer, so transferring it moves these bytes and
 * nothing else: undici's chunks concatenated by Buffer.concat may sit in a shared pool
 * slab, which must not be detached (a copy, once, is the price).
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes;
  return new Uint8Array(bytes);
}
