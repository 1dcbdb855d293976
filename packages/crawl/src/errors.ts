/**
 * Every error the crawler throws on purpose, and the reasons a URL is skipped or fails.
 *
 * A URL that is not fetched is not an exception: it becomes a record with a reason from
 * {@link SkipReason} (a policy said no — not a failure) or {@link FailReason} (we tried and
 * could not — exit code 2). Exceptions are for the caller's mistakes ({@link UsageError})
 * and for conditions the crawl cannot go on from ({@link CrawlError}).
 * @module
 */

/** Why a URL was not fetched although it was discovered. Skips are not failures. */
export type SkipReason =
  | "robots-disallowed"
  | "out-of-scope"
  | "trap"
  | "max-depth"
  | "max-pages"
  | "url-too-long"
  | "private-address"
  /** A redirect landed on a page that is already fetched and recorded under another URL. */
  | "duplicate";

/** Every {@link SkipReason}, in a stable order (for summaries and tests). */
export const SKIP_REASONS: readonly SkipReason[] = [
  "robots-disallowed",
  "out-of-scope",
  "trap",
  "max-depth",
  "max-pages",
  "url-too-long",
  "private-address",
  "duplicate",
];

/**
 * Why a fetch failed for good (after its retries, if the cause was transient).
 * `http-NNN` carries the last status; the network reasons come from `fetch/failure.ts`.
 */
export type FailReason =
  | `http-${number}`
  | "timeout"
  | "body-too-large"
  | "bad-content-encoding"
  | "redirect-loop"
  | "too-many-redirects"
  | "robots-unavailable"
  | "connection-reset"
  | "connection-refused"
  | "connection-error"
  | "host-unreachable"
  | "dns-not-found"
  | "dns-temporary"
  | "tls-error"
  | "body-incomplete"
  | "network-error"
  | "error";

/** Stable codes of {@link CrawlError}; scripts may match on them, so they never change. */
export type CrawlErrorCode =
  | "usage"
  | "invalid-url"
  | "unsupported-scheme"
  | "invalid-selector"
  | "invalid-encoding"
  | "robots-origin-mismatch"
  | "out-of-order"
  /** A shared frontier (Redis) stayed unreachable longer than its patience. */
  | "frontier-unavailable"
  /** A path, a permission or the state file: the environment, not the options (exit 1). */
  | "environment"
  /** Another run holds the state file's lock (exit 1). */
  | "state-in-use"
  /** The shared crawl's state in Redis was lost (Redis restarted empty): {@link CrawlStateLost} (exit 1). */
  | "frontier-lost"
  | "internal";

/**
 * An error of the crawler itself, with a stable {@link CrawlErrorCode}.
 * Thrown for a condition the current operation cannot continue from — never for a single
 * page that failed (that is a {@link FailReason} on its record).
 *
 * @example
 * ```ts
 * try { canonicalize("http://") } catch (e) {
 *   if (e instanceof CrawlError && e.code === "invalid-url") console.error(e.message);
 * }
 * ```
 */
export class CrawlError extends Error {
  override name = "CrawlError";
  readonly code: CrawlErrorCode;

  constructor(code: CrawlErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * The user asked for something impossible (a bad option value, a malformed selector,
 * a refused start URL). Differs from its parent in that the CLI exits with code 1 and
 * prints the message alone; `option` names the flag to fix when there is one.
 *
 * @example
 * ```ts
 * throw new UsageError("expected a duration like 5s, got 'soon'", { option: "--timeout" });
 * ```
 */
export class UsageError extends CrawlError {
  override name = "UsageError";
  readonly option: string | undefined;

  constructor(message: string, options?: { option?: string; cause?: unknown }) {
    super("usage", options?.option ? `${options.option}: ${message}` : message, options);
    this.option = options?.option;
  }
}

/**
 * The machine said no: an output path that is a directory or under a file, a directory
 * that cannot be written, a state file that is not one or is in use. The CLI prints the
 * message alone (it names the path and the fix) and exits with code 1; nothing was
 * fetched yet when it is thrown by the preflight.
 *
 * @example
 * ```ts
 * throw new EnvironmentError("environment", "out/book.md is a directory; name a file, e.g. -o out/book.md/book.md");
 * ```
 */
export class EnvironmentError extends CrawlError {
  override name = "EnvironmentError";

  constructor(code: "environment" | "state-in-use" | "frontier-unavailable" | "frontier-lost", message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * The crawl's shared state in Redis is gone: its epoch key is missing or belongs to
 * another crawl of the same name (Redis restarted without its data, or someone deleted
 * the keys or started the crawl over). A worker cannot go on from that, and nothing it
 * holds can be saved; the CLI prints the message alone and exits 1.
 *
 * @example
 * ```ts
 * throw new CrawlStateLost("novel");
 * // corio crawl: the Redis crawl state of novel was lost (Redis restarted without data?); start it again with --fresh
 * ```
 */
export class CrawlStateLost extends EnvironmentError {
  override name = "CrawlStateLost";
  readonly crawlId: string;

  constructor(crawlId: string, options?: { cause?: unknown }) {
    super("frontier-lost", `the Redis crawl state of ${crawlId} was lost (Redis restarted without data?); start it again with --fresh`, options);
    this.crawlId = crawlId;
  }
}
