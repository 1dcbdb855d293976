/**
 * CrawlOptions: one typed object for every knob of a crawl, the defaults in one place
 * ({@link DEFAULTS}), and {@link resolveOptions}, which checks everything on entry and
 * refuses a bad value with "expected …, got …" and the option to fix — so a typo fails
 * before the first request, never on page 3,000.
 *
 * The CLI builds a {@link CrawlOptionsInput} from its flags (strings such as `5s` or
 * `10MiB` are accepted there and here); the library API takes the same object.
 * @module
 */
import { dirname, basename, extname, join } from "node:path";
import type { Coro } from "corio";
import { UsageError } from "./errors.js";
import { compileSelector } from "./extract/html.js";
import { parseFieldSpec, type FieldSpec } from "./extract/fields.js";
import { compilePatterns } from "./url/compile-pattern.js";
import { parseHttpUrl } from "./url/canonicalize.js";
import { encodingName } from "./charset/sniff.js";
import type { ScopeMode } from "./url/scope.js";
import type { CrawledPage } from "./page.js";

/** Book output formats. */
export type BookFormat = "md" | "jsonl" | "txt" | "epub";

/** How progress is shown: a bar (TTY), one line per interval, or nothing. */
export type ProgressMode = "auto" | "bar" | "line" | "none";

/** Per-page hook of the library API: runs after a page is fetched, before it is committed. */
export type PageHandler = (page: CrawledPage) => Coro<void> | void;

/** What a caller passes; every field but `mode`, `startUrls` and `output` has a default. */
export interface CrawlOptionsInput {
  /** `book`: an index page and its chapters; `site`: follow links from the start URLs. */
  mode: "book" | "site";
  /** Book: `[indexUrl]`; site: one or more start URLs. */
  startUrls: readonly string[];
  /** `-o`: the output file (book: md/jsonl/txt/epub; site: JSONL). `errors.jsonl` goes beside it. */
  output: string;
  /** `--format` (book mode). Default `md`, or taken from the output's extension. */
  format?: BookFormat;
  /** `--links`: selector of chapter links on the index (book). Default `dd a`. */
  links?: string;
  /** `--content`: selector of the chapter text (book). Default `#content`. */
  content?: string;
  /** `--scope` (site). Default `same-host`. */
  scope?: ScopeMode;
  /** `--include` globs or `/regex/` (site). */
  include?: readonly string[];
  /** `--exclude` globs or `/regex/` (site). */
  exclude?: readonly string[];
  /** `--strip-params`: query parameters left out of the canonical key. */
  stripParams?: readonly string[];
  /** `--max-depth` (site): deepest page; start pages are depth 0. Default unlimited. */
  maxDepth?: number | string;
  /** `--max-pages`: no fetch starts once this many pages were fetched. Default unlimited. */
  maxPages?: number | string;
  /** `--extract name=selector[@attr]` (site), repeatable. */
  extract?: readonly string[];
  /** `--concurrency`: requests in flight overall. Default 16. */
  concurrency?: number | string;
  /** `--per-host`: requests in flight per host. Default 2 (site) or `concurrency` (book). */
  perHost?: number | string;
  /** `--delay`: minimum time between two request starts on one host (ms or `500ms`). Default 0. */
  delay?: number | string;
  /** `--retries`: retries after the first attempt, transient failures only. Default 3. */
  retries?: number | string;
  /** `--timeout`: per request, connect + headers + body. Default 30 s. */
  timeout?: number | string;
  /** `--max-body`: largest body (bytes or `10MiB`). Default 10 MiB. */
  maxBody?: number | string;
  /** `--max-retry-after`: cap on a server's Retry-After. Default 10 min. */
  maxRetryAfter?: number | string;
  /** `--max-crawl-delay`: cap on robots.txt Crawl-delay. Default 30 s. */
  maxCrawlDelay?: number | string;
  /** `--max-redirects`. Default 10. */
  maxRedirects?: number | string;
  /** `--state`: the SQLite state file. Default beside the output (`book.md` → `book.crawl.db`). */
  state?: string;
  /** `--frontier redis://host:6379/0`: share the crawl with other workers through Redis instead of `--state`. */
  frontier?: string;
  /** `--crawl-id`: the shared crawl's name in Redis (required with `--frontier`). */
  crawlId?: string;
  /** `--dedup`: seen set of a Redis crawl, exact `set` (default) or `bloom` (huge crawls). */
  dedup?: "set" | "bloom";
  /** `--lease`: a Redis worker silent this long loses its URLs to the others. Default 30 s. */
  lease?: number | string;
  /** `--resume`: require an existing state file (refuse to start from scratch). */
  resume?: boolean;
  /** `--fresh`: delete the state file first. */
  fresh?: boolean;
  /** `--allow-private`: fetch loopback/private/link-local addresses. Default false. */
  allowPrivate?: boolean;
  /** `--ignore-robots`. Default false. */
  ignoreRobots?: boolean;
  /** `--user-agent`. Its product token (before `/`) is matched in robots.txt. */
  userAgent?: string;
  /** `--encoding`: used when BOM, header and `<meta>` say nothing. Default utf-8. */
  encoding?: string;
  /** `--json`: print the final summary as JSON. */
  json?: boolean;
  /** `--progress`. Default `auto` (a bar on a TTY, lines otherwise). */
  progress?: ProgressMode;
  /** Interval of the non-TTY progress line. Default 2 s. */
  progressInterval?: number | string;
  /** Library API: called for every fetched HTML page. */
  onPage?: PageHandler;
  /** Library API: abort to stop gracefully (as Ctrl-C does). */
  signal?: AbortSignal;
  /** Tests: the random source of retry jitter. */
  random?: () => number;
  /** Tests: base of the exponential retry backoff, in ms. Default 500. */
  backoffBase?: number | string;
}

/** Options after {@link resolveOptions}: every value present, parsed and checked. */
export interface CrawlOptions {
  mode: "book" | "site";
  startUrls: string[];
  output: string;
  errorsFile: string;
  format: BookFormat;
  links: string;
  content: string;
  scope: ScopeMode;
  include: string[];
  exclude: string[];
  stripParams: string[];
  maxDepth: number;
  maxPages: number;
  extract: FieldSpec[];
  concurrency: number;
  perHost: number;
  delayMs: number;
  retries: number;
  timeoutMs: number;
  maxBodyBytes: number;
  maxRetryAfterMs: number;
  maxCrawlDelayMs: number;
  maxRedirects: number;
  state: string;
  /** A Redis frontier shared by several workers, or `null` for the SQLite `state` file. */
  frontier: SharedFrontierOptions | null;
  resume: boolean;
  fresh: boolean;
  allowPrivate: boolean;
  ignoreRobots: boolean;
  userAgent: string;
  encoding: string;
  json: boolean;
  progress: ProgressMode;
  progressIntervalMs: number;
  onPage: PageHandler | undefined;
  signal: AbortSignal | undefined;
  random: () => number;
  backoffBaseMs: number;
}

/** Where a shared crawl lives (`--frontier`, `--crawl-id`, `--dedup`, `--lease`). */
export interface SharedFrontierOptions {
  url: string;
  crawlId: string;
  dedup: "set" | "bloom";
  leaseMs: number;
}

/** Every default, in one place. */
export const DEFAULTS = {
  format: "md" as BookFormat,
  links: "dd a",
  content: "#content",
  scope: "same-host" as ScopeMode,
  concurrency: 16,
  perHostSite: 2,
  delayMs: 0,
  retries: 3,
  timeoutMs: 30_000,
  maxBodyBytes: 10 * 1024 * 1024,
  maxRetryAfterMs: 10 * 60_000,
  maxCrawlDelayMs: 30_000,
  maxRedirects: 10,
  userAgent: "corio/0.1 (+https://github.com/corio/corio)",
  encoding: "utf-8",
  progress: "auto" as ProgressMode,
  progressIntervalMs: 2_000,
  backoffBaseMs: 500,
} as const;

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration in ms: a number (ms) or text like `500ms`, `5s`, `1.5s`, `2m`, `1h`
 * (a bare number is ms).
 *
 * @example
 * ```ts
 * parseDuration("2m", "--timeout"); // 120000
 * parseDuration("soon", "--timeout"); // throws UsageError "--timeout: expected a duration like 500ms, 5s or 2m, got 'soon'"
 * ```
 */
export function parseDuration(value: number | string, option: string): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  const m = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value) : null;
  if (!m) throw new UsageError(`expected a duration like 500ms, 5s or 2m, got ${JSON.stringify(value)}`, { option });
  return Math.round(Number(m[1]) * UNITS_MS[(m[2] ?? "ms").toLowerCase()]!);
}

const UNITS_BYTES: Record<string, number> = { b: 1, k: 1000, kb: 1000, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3 };

/**
 * A size in bytes: a number or text like `500KiB`, `10MiB`, `2MB`.
 *
 * @example
 * ```ts
 * parseSize("10MiB", "--max-body"); // 10485760
 * ```
 */
export function parseSize(value: number | string, option: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
  const m = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value) : null;
  const unit = m ? UNITS_BYTES[(m[2] || "b").toLowerCase()] : undefined;
  if (!m || unit === undefined || !(Number(m[1]) > 0)) {
    throw new UsageError(`expected a size like 500KiB or 10MiB, got ${JSON.stringify(value)}`, { option });
  }
  return Math.round(Number(m[1]) * unit);
}

function integer(value: number | string | undefined, fallback: number, option: string, min: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`expected an integer >= ${min}, got ${JSON.stringify(value)}`, { option });
  }
  return n;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, option: string): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`expected one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`, { option });
  }
  return value as T;
}

function formatFromOutput(output: string): BookFormat | undefined {
  const ext = extname(output).slice(1).toLowerCase();
  return ext === "md" || ext === "jsonl" || ext === "txt" || ext === "epub" ? ext : undefined;
}

/** `out/book.md` → `out/book.crawl.db`. */
export function defaultStatePath(output: string): string {
  const base = basename(output, extname(output)) || "crawl";
  return join(dirname(output), `${base}.crawl.db`);
}

function sharedFrontier(input: CrawlOptionsInput): SharedFrontierOptions | null {
  if (input.frontier === undefined) {
    if (input.crawlId !== undefined) throw new UsageError("a crawl id names a shared crawl; add --frontier redis://host:6379/0", { option: "--crawl-id" });
    return null;
  }
  if (!/^rediss?:\/\/[^/]/.test(input.frontier)) {
    throw new UsageError(`expected a Redis URL like redis://127.0.0.1:6379/0, got ${JSON.stringify(input.frontier)}`, { option: "--frontier" });
  }
  if (input.crawlId === undefined || input.crawlId === "") {
    throw new UsageError("a shared crawl needs a name, the same on every worker, e.g. --crawl-id novel-12097", { option: "--crawl-id" });
  }
  if (input.state !== undefined) throw new UsageError("the state of a shared crawl is in Redis; drop --state or --frontier", { option: "--state" });
  return {
    url: input.frontier,
    crawlId: input.crawlId,
    dedup: oneOf(input.dedup, ["set", "bloom"] as const, "set", "--dedup"),
    leaseMs: Math.max(100, parseDuration(input.lease ?? 30_000, "--lease")),
  };
}

/**
 * A start URL typed without its scheme (`127.0.0.1:8080/book/`, `localhost:8080/x`,
 * `example.com/`) — which WHATWG parsing rejects or reads as a scheme `localhost:` — with
 * the `http://` URL the user most likely meant; `null` when `u` has a scheme of its own.
 */
function schemeGuess(u: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) return null; // has a scheme and an authority
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(u)) return null; // mailto:, ftp: without //: not a host:port
  const candidate = `http://${u.replace(/^\/+/, "")}`;
  try {
    const url = new URL(candidate);
    return url.hostname.includes(".") || url.hostname === "localhost" || url.hostname.startsWith("[") ? candidate : null;
  } catch {
    return null;
  }
}

/**
 * Check and complete the options. Throws {@link UsageError} naming the option.
 *
 * @example
 * ```ts
 * const opts = resolveOptions({ mode: "book", startUrls: ["http://x.com/book/"], output: "out/book.md", timeout: "5s" });
 * opts.timeoutMs; // 5000
 * opts.perHost;   // 16 (book mode: = concurrency)
 * ```
 */
export function resolveOptions(input: CrawlOptionsInput): CrawlOptions {
  const mode = oneOf(input.mode, ["book", "site"] as const, "book", "mode");
  if (input.startUrls.length === 0) {
    throw new UsageError(mode === "book" ? "give the index page URL, e.g. corio crawl book http://x.com/book/" : "give at least one start URL");
  }
  if (mode === "book" && input.startUrls.length > 1) throw new UsageError(`book mode takes one index URL, got ${input.startUrls.length}`);
  const startUrls = input.startUrls.map((u) => {
    const option = mode === "book" ? "<index-url>" : "<start-url>";
    const guess = schemeGuess(u);
    if (guess !== null) throw new UsageError(`${JSON.stringify(u)} has no http:// or https://; did you mean ${guess} ?`, { option });
    try {
      return parseHttpUrl(u).href;
    } catch (e) {
      throw new UsageError(`${(e as Error).message}; expected an absolute http(s) URL`, { option });
    }
  });
  if (!input.output || input.output.trim() === "") throw new UsageError("expected an output file path", { option: "--output" });
  const concurrency = integer(input.concurrency, DEFAULTS.concurrency, "--concurrency", 1);
  const perHost = integer(input.perHost, mode === "book" ? concurrency : Math.min(DEFAULTS.perHostSite, concurrency), "--per-host", 1);
  const links = input.links ?? DEFAULTS.links;
  const content = input.content ?? DEFAULTS.content;
  compileSelector(links, "--links");
  compileSelector(content, "--content");
  const include = [...(input.include ?? [])];
  const exclude = [...(input.exclude ?? [])];
  const stripParams = [...(input.stripParams ?? [])];
  compilePatterns(include, "--include");
  compilePatterns(exclude, "--exclude");
  compilePatterns(stripParams, "--strip-params");
  const encoding = encodingName(input.encoding ?? DEFAULTS.encoding);
  const userAgent = (input.userAgent ?? DEFAULTS.userAgent).trim();
  if (userAgent === "" || /[\r\n]/.test(userAgent)) throw new UsageError(`expected a one-line user agent, got ${JSON.stringify(input.userAgent)}`, { option: "--user-agent" });
  if (input.resume && input.fresh) throw new UsageError("--resume and --fresh contradict each other; pick one", { option: "--fresh" });
  const output = input.output;
  const frontier = sharedFrontier(input);
  return {
    mode,
    startUrls,
    output,
    errorsFile: join(dirname(output), "errors.jsonl"),
    format: oneOf(input.format, ["md", "jsonl", "txt", "epub"] as const, formatFromOutput(output) ?? DEFAULTS.format, "--format"),
    links,
    content,
    scope: oneOf(input.scope, ["same-host", "same-domain", "prefix"] as const, DEFAULTS.scope, "--scope"),
    include,
    exclude,
    stripParams,
    maxDepth: integer(input.maxDepth, Number.POSITIVE_INFINITY, "--max-depth", 0),
    maxPages: integer(input.maxPages, Number.POSITIVE_INFINITY, "--max-pages", 1),
    extract: (input.extract ?? []).map(parseFieldSpec),
    concurrency,
    perHost,
    delayMs: parseDuration(input.delay ?? DEFAULTS.delayMs, "--delay"),
    retries: integer(input.retries, DEFAULTS.retries, "--retries", 0),
    timeoutMs: Math.max(1, parseDuration(input.timeout ?? DEFAULTS.timeoutMs, "--timeout")),
    maxBodyBytes: parseSize(input.maxBody ?? DEFAULTS.maxBodyBytes, "--max-body"),
    maxRetryAfterMs: parseDuration(input.maxRetryAfter ?? DEFAULTS.maxRetryAfterMs, "--max-retry-after"),
    maxCrawlDelayMs: parseDuration(input.maxCrawlDelay ?? DEFAULTS.maxCrawlDelayMs, "--max-crawl-delay"),
    maxRedirects: integer(input.maxRedirects, DEFAULTS.maxRedirects, "--max-redirects", 0),
    state: frontier !== null ? `${frontier.url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@")} (crawl ${frontier.crawlId})` : (input.state ?? defaultStatePath(output)),
    frontier,
    resume: input.resume ?? false,
    fresh: input.fresh ?? false,
    allowPrivate: input.allowPrivate ?? false,
    ignoreRobots: input.ignoreRobots ?? false,
    userAgent,
    encoding,
    json: input.json ?? false,
    progress: oneOf(input.progress, ["auto", "bar", "line", "none"] as const, DEFAULTS.progress, "--progress"),
    progressIntervalMs: parseDuration(input.progressInterval ?? DEFAULTS.progressIntervalMs, "--progress-interval"),
    onPage: input.onPage,
    signal: input.signal,
    random: input.random ?? Math.random,
    backoffBaseMs: parseDuration(input.backoffBase ?? DEFAULTS.backoffBaseMs, "backoffBase"),
  };
}
