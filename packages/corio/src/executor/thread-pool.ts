/**
 * ThreadPoolExecutor: a fixed-size pool of worker threads that run `export`ed functions
 * of ES modules (asyncio's `run_in_executor` with a `ThreadPoolExecutor`, but real
 * parallelism: each worker is its own V8 isolate). Arguments and results are structured
 * clones; errors come back with their name, message, stack and `code`.
 *
 * Structure: a FIFO of jobs and a set of workers, each running at most one job. A job's
 * future is an outside wait (autojump clocks hold still while a worker computes). The
 * invariant that keeps the pool sound under cancellation: a worker's `job` is cleared only
 * by that job's reply or by the worker's death — never by the caller. So cancelling a
 * waiting task removes a queued job, or detaches the caller from a running one (the worker
 * finishes it and the result is dropped; with `onCancel: "terminate"` the worker is
 * terminated and replaced instead). Workers start lazily, up to `maxThreads`, and are
 * `unref`ed while idle so an idle pool never keeps the process alive.
 */
import { availableParallelism } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { RuntimeError } from "../errors.js";
import { Fifo } from "../internal/fifo.js";
import { OutsideFuture } from "../internal/outside-future.js";
import { describe } from "../internal/validate.js";
import type { LoopExecutor } from "../host/host.js";
import type { EventLoop } from "../loop/event-loop.js";
import { getRunningLoop } from "../loop/running-loop.js";
import type { Awaitable } from "../task/awaitable.js";
import { call } from "../task/call.js";
import type { Future } from "../task/future.js";
import { lazy } from "../task/lazy.js";
import { WORKER_SOURCE } from "./worker-main.js";

/** Options of {@link ThreadPoolExecutor}. */
export interface ThreadPoolExecutorOptions {
  /** Most worker threads at once (default: `os.availableParallelism()`). */
  maxThreads?: number;
  /**
   * What cancelling a job that already runs does: `"finish"` (default, asyncio's): the
   * worker completes it and the result is dropped; `"terminate"`: the worker is
   * terminated at once and a new one replaces it when needed (for runaway computations).
   */
  onCancel?: "finish" | "terminate";
  /** Prefix of the worker threads' names (default `"corio-worker"`). */
  name?: string;
  /** Node's per-worker memory limits. */
  resourceLimits?: ResourceLimits;
}

/** Options of {@link ThreadPoolExecutor.shutdown}. */
export interface ShutdownOptions {
  /** Cancel the jobs still queued (default `false`: they run first). */
  cancelFutures?: boolean;
}

interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  code: unknown;
}

interface Job {
  readonly id: number;
  readonly url: string;
  readonly name: string;
  readonly args: unknown[];
  readonly future: OutsideFuture<unknown>;
  worker: PoolWorker | null;
}

interface PoolWorker {
  readonly thread: Worker;
  // Invariant: job !== null ⇔ the thread is computing that job.
  job: Job | null;
  exited: boolean;
}

let jobIds = 0;

/**
 * A pool of worker threads for CPU-bound or blocking work.
 *
 * @example
 * // sum.mjs: export function sumSquares(n) { let s = 0n; for (let i = 0n; i < n; i++) s += i * i; return s; }
 * const pool = new ThreadPoolExecutor({ maxThreads: 2 });
 * const total = yield* pool.submit<bigint>(new URL("./sum.mjs", import.meta.url), "sumSquares", 10n ** 7n);
 * yield* pool.shutdown();
 */
export class ThreadPoolExecutor implements LoopExecutor {
  /** The most threads this pool runs at once. */
  readonly maxThreads: number;
  private readonly onCancel: "finish" | "terminate";
  private readonly name: string;
  private readonly resourceLimits: ResourceLimits | undefined;
  private readonly queue = new Fifo<Job>(16);
  private readonly workers = new Set<PoolWorker>();
  private readonly idle: PoolWorker[] = [];
  private shut = false;
  private exitWaiters: (() => void)[] = [];

  constructor(options: ThreadPoolExecutorOptions = {}) {
    const max = options.maxThreads ?? availableParallelism();
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`ThreadPoolExecutor: maxThreads must be a positive integer, got ${describe(max)}`);
    const onCancel = options.onCancel ?? "finish";
    if (onCancel !== "finish" && onCancel !== "terminate") throw new RangeError(`ThreadPoolExecutor: onCancel must be "finish" or "terminate", got ${describe(onCancel)}`);
    this.maxThreads = max;
    this.onCancel = onCancel;
    this.name = options.name ?? "corio-worker";
    this.resourceLimits = options.resourceLimits;
  }

  /** Threads alive now (busy or idle). */
  get threads(): number {
    return this.workers.size;
  }

  /**
   * Runs `exportName(...args)` from the module at `moduleUrl` on a worker and returns a
   * Future of its result (the job is queued at once, like asyncio's `run_in_executor`).
   * `moduleUrl` is a `file:`/`data:` URL, a URL object, an absolute or `./relative` path
   * (from the working directory) or a package name; a worker cannot load TypeScript.
   * @throws RuntimeError after `shutdown()`.
   * @example const f = pool.submit<number>(new URL("./work.mjs", import.meta.url), "fib", 30);
   */
  submit<T = unknown>(moduleUrl: string | URL, exportName: string, ...args: unknown[]): Future<T> {
    return this._submitOn(getRunningLoop(), moduleUrl, exportName, args);
  }

  /**
   * Stops taking jobs; queued ones still run (or are cancelled with `cancelFutures`), then
   * the threads end. The returned awaitable resolves once every thread has exited.
   * @example yield* pool.shutdown();
   */
  shutdown(options: ShutdownOptions = {}): Awaitable<void> {
    this.shut = true;
    if (options.cancelFutures) {
      for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) job.future.cancel();
    }
    for (const w of [...this.idle]) this.retire(w);
    this.idle.length = 0;
    const done = this.workers.size === 0 ? Promise.resolve() : new Promise<void>((r) => this.exitWaiters.push(r));
    return lazy(() => call(done)[Symbol.iterator]());
  }

  /** `await using pool = new ThreadPoolExecutor()` shuts it down at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  /** @internal terminates every thread now (the loop closing); pending jobs are dropped. */
  _terminateNow(): void {
    this.shut = true;
    for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) job.future.cancel();
    for (const w of [...this.workers]) {
      w.job?.future.cancel();
      this.retire(w);
    }
  }

  /** @internal */
  _submitOn<T>(loop: EventLoop, moduleUrl: string | URL, exportName: string, args: unknown[]): Future<T> {
    if (this.shut) throw new RuntimeError("cannot schedule new jobs after shutdown()");
    if (typeof exportName !== "string" || exportName === "") throw new TypeError(`expected the name of an exported function, got ${describe(exportName)}`);
    const url = toModuleUrl(moduleUrl);
    let job: Job;
    const future = new OutsideFuture<unknown>(loop, () => this.cancelJob(job), "worker job");
    job = { id: ++jobIds, url, name: exportName, args, future, worker: null };
    this.queue.push(job);
    this.dispatch();
    return future as Future<unknown> as Future<T>;
  }

  private cancelJob(job: Job): void {
    const w = job.worker;
    if (w === null) {
      this.queue.remove(job);
      return;
    }
    if (this.onCancel === "terminate") {
      this.retire(w);
      this.dispatch();
    } else {
      // Nobody waits any more: let the thread finish without keeping the process alive.
      w.thread.unref();
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let w = this.idle.pop();
      if (w === undefined) {
        if (this.workers.size - this.retiring() >= this.maxThreads) return;
        w = this.spawn();
      }
      const job = this.queue.shift()!;
      w.job = job;
      job.worker = w;
      w.thread.ref();
      try {
        w.thread.postMessage({ id: job.id, url: job.url, name: job.name, args: job.args });
      } catch (e) {
        // An argument that cannot be cloned: fail this job, keep the worker.
        w.job = null;
        job.future.reject(e);
        this.release(w);
      }
    }
  }

  private retiring(): number {
    let n = 0;
    for (const w of this.workers) if (w.exited) n++;
    return n;
  }

  private spawn(): PoolWorker {
    const thread = new Worker(WORKER_SOURCE, { eval: true, name: `${this.name}-${this.workers.size + 1}`, resourceLimits: this.resourceLimits });
    const w: PoolWorker = { thread, job: null, exited: false };
    this.workers.add(w);
    thread.on("message", (msg: { id: number; ok: boolean; result?: unknown; error?: SerializedError }) => {
      const job = w.job;
      if (job === null || job.id !== msg.id) return;
      w.job = null;
      if (msg.ok) job.future.resolve(msg.result);
      else job.future.reject(rebuildError(msg.error!));
      this.release(w);
    });
    let crash: Error | null = null;
    thread.on("error", (e) => {
      crash = e;
    });
    thread.on("exit", (code) => {
      w.exited = true;
      this.workers.delete(w);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      const job = w.job;
      w.job = null;
      if (job !== null) job.future.reject(crash ?? new RuntimeError(`worker thread exited with code ${code} while running ${job.name}()`));
      if (!this.shut) this.dispatch();
      else if (this.workers.size === 0) {
        const ws = this.exitWaiters;
        this.exitWaiters = [];
        for (const r of ws) r();
      }
    });
    return w;
  }

  /** A worker finished a job: give it the next one, park it, or end it after shutdown. */
  private release(w: PoolWorker): void {
    if (w.exited) return;
    if (this.queue.length > 0) {
      this.idle.push(w);
      this.dispatch();
      return;
    }
    if (this.shut) {
      this.retire(w);
      return;
    }
    w.thread.unref();
    this.idle.push(w);
  }

  private retire(w: PoolWorker): void {
    if (w.exited) return;
    w.exited = true;
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    void w.thread.terminate();
  }
}

function toModuleUrl(u: string | URL): string {
  if (u instanceof URL) return u.href;
  if (typeof u !== "string" || u === "") throw new TypeError(`expected a module URL or path, got ${describe(u)}`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(u) && !/^[a-z]:[\\/]/i.test(u)) return u; // file:, data:, node:…
  if (isAbsolute(u) || u.startsWith("./") || u.startsWith("../")) return pathToFileURL(resolve(u)).href;
  return u; // a package name, resolved by the worker from the working directory
}

const ERROR_TYPES: Record<string, ErrorConstructor> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

function rebuildError(e: SerializedError): Error {
  const Ctor = ERROR_TYPES[e.name] ?? Error;
  const err = new Ctor(e.message);
  if (err.name !== e.name) err.name = e.name;
  if (e.stack !== undefined) err.stack = e.stack;
  if (e.code !== undefined) (err as Error & { code?: unknown }).code = e.code;
  return err;
}
