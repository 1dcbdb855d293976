/**
 * One page's CPU work — decode, parse, extract — as a pure function of plain data, so it
 * can run on the loop (small pages) or on a worker thread (large pages, see
 * `page-pool.ts`) with the same code and the same result.
 *
 * In a worker this module is the job's entry (`processPage`): the pool transfers the
 * body's bytes, and only what the frontier stores comes back (the record's JSON, the
 * discovered links, the decoding counts) — never the text or the tree.
 * @module
 */
import { isMainThread } from "node:worker_threads";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { decodeHtml } from "../charset/decode.js";
import { withLazyTree } from "../extract/page-tree.js";
import { bookMode } from "../modes/book.js";
import { siteMode } from "../modes/site.js";
import type { Mode } from "../modes/mode.js";
import type { CrawlOptions } from "../options.js";
import type { FrontierEntry, NewEntry } from "../frontier/frontier.js";
import type { CrawledPage } from "../page.js";
import { createCanonicalizer } from "../url/canonicalize.js";

/** The options a page job needs: the crawl's, without its functions (they cannot cross threads). */
export type PageJobOptions = Omit<CrawlOptions, "onPage" | "signal" | "random">;

/** A fetched 2xx response, as plain data. */
export interface PageJobInput {
  entry: FrontierEntry;
  finalUrl: string;
  status: number;
  contentType: string | null;
  body: Uint8Array;
  fetchedAt: string;
}

/** What a page leaves: the stored record, its links, and how its decoding went. */
export interface PageJobResult {
  data: string | null;
  discovered: NewEntry[];
  /** Decoded as HTML (false: stored as is, links not parsed). */
  html: boolean;
  replacementChars: number;
  literalReplacementChars: number;
}

/** Is this response parsed as HTML? (No Content-Type: we sniff it as HTML, like browsers for navigation.) */
export function isHtmlType(contentType: string | null): boolean {
  return contentType === null || /html|xml/i.test(contentType);
}

/** The page a handler sees: decoded (HTML) or bytes only; its tree is parsed when first read. */
export function buildPage(options: Pick<CrawlOptions, "encoding">, input: PageJobInput): CrawledPage {
  let html: string | null = null;
  let encoding: string | null = null;
  let replacementChars = 0;
  let literalReplacementChars = 0;
  if (isHtmlType(input.contentType)) {
    const decoded = decodeHtml(input.body, { contentType: input.contentType, defaultEncoding: options.encoding });
    html = decoded.text;
    encoding = decoded.encoding;
    ({ replacementChars, literalReplacementChars } = decoded);
  }
  return withLazyTree({
    url: input.entry.url,
    finalUrl: input.finalUrl,
    status: input.status,
    contentType: input.contentType,
    depth: input.entry.depth,
    bytes: input.body.length,
    body: input.body,
    html,
    encoding,
    replacementChars,
    literalReplacementChars,
    fetchedAt: input.fetchedAt,
    data: {},
  }, html);
}

/** Build the mode a crawl's pages go through (book or site). */
export function modeFor(options: PageJobOptions): Mode {
  const canonicalize = createCanonicalizer({ stripParams: options.stripParams });
  const canonical = (url: string | URL) => canonicalize(url);
  const full = options as CrawlOptions;
  return options.mode === "book" ? bookMode(full, canonical) : siteMode(full, canonical);
}

/** A worker builds each crawl's mode once (selectors compiled, scope parsed), keyed by its options' identity. */
const modes = new Map<string, Mode>();

/**
 * The worker's entry: one page in, what is stored out. `optionsKey` names `options`
 * (equal keys, equal options) so the mode is built once per worker.
 *
 * @example
 * ```ts
 * const r = processPage("k", options, { entry, finalUrl, status: 200, contentType: "text/html", body, fetchedAt });
 * r.discovered.length; // the page's links, canonicalized and checked against scope
 * ```
 */
export function processPage(optionsKey: string, options: PageJobOptions, input: PageJobInput): PageJobResult {
  let mode = modes.get(optionsKey);
  if (mode === undefined) {
    mode = modeFor(options);
    modes.set(optionsKey, mode);
  }
  const page = buildPage(options, input);
  const { data, discovered } = mode.page(input.entry, page);
  const result = { data, discovered, html: page.html !== null, replacementChars: page.replacementChars, literalReplacementChars: page.literalReplacementChars };
  collectAfterLargePage(input.body.length);
  return result;
}

/** A page of this size or more leaves megabytes of garbage (text, tree): collect it before the next. */
const GC_AFTER_BYTES = 1 << 20;
let gc: (() => void) | null | undefined;

/**
 * In a worker, a full GC after a large page keeps the thread's heap (and the process's
 * RSS) at one page's worth instead of several; V8 would collect later, while the next
 * large page's garbage piles on. On the loop thread it is never called.
 */
function collectAfterLargePage(bytes: number): void {
  if (bytes < GC_AFTER_BYTES || isMainThread) return;
  gc ??= exposeGc();
  gc?.();
}

function exposeGc(): (() => void) | null {
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return null;
  }
}
