/**
 * Counters and histograms of one crawl run: pure data, updated by the engine, read by
 * the progress display and the summary.
 *
 * One set of counters: the outcome counts live here and nowhere else. `run` is this run,
 * `crawl` the whole crawl (earlier runs and other workers included). Both change in one
 * place, {@link CrawlStats.record}, called with what the frontier reports it stored for
 * each completed URL — the page's own outcome and the discovered URLs it recorded as
 * skipped — so on a fresh run with one worker they are equal at every instant. `crawl`
 * is also replaced by the frontier's own counts (`refresh`), at the start, about once a
 * second while other workers may add to it, and at the end, so the progress bar's last
 * line, the summary, `--json` and `corio crawl status` show the same numbers; the end's
 * failed and skipped counts are also those of `errors.jsonl` (written from the same state).
 *
 * Counting what the engine *meant* to store instead (the old way) missed the URLs a page
 * records as skipped when it is committed (out-of-scope links, traps, `max-depth`) and
 * the `max-pages` ones marked at the end: a fresh run said "skipped 0" beside a whole
 * crawl of "skipped 102".
 * @module
 */
import type { FrontierCounts } from "../frontier/frontier.js";

/** How many URLs ended each way. */
export interface OutcomeCounts {
  /** Pages fetched and recorded (`ok` = records written). */
  ok: number;
  /** Pages that failed for good (each in `errors.jsonl`). */
  failed: number;
  /** URLs not fetched by a rule, with a reason (each in `errors.jsonl`). */
  skipped: number;
}

/** The whole crawl: outcomes and what is left. */
export interface CrawlCounts extends OutcomeCounts {
  /** URLs not ended yet: waiting in the frontier or being fetched. */
  queued: number;
}

/**
 * The whole-crawl counts of a frontier's counts (`queued` includes the leased ones).
 *
 * @example
 * ```ts
 * crawlCounts({ queued: 2, leased: 1, ok: 5, failed: 0, skipped: 3 }); // { ok: 5, failed: 0, skipped: 3, queued: 3 }
 * ```
 */
export function crawlCounts(c: FrontierCounts): CrawlCounts {
  return { ok: c.ok, failed: c.failed, skipped: c.skipped, queued: c.queued + c.leased };
}

/** Live counters of one run (`run`) and of the whole crawl as far as this run knows it (`crawl`). */
export class CrawlStats {
  /** Wall-clock start (ms since epoch). */
  readonly startedAt = Date.now();
  /** Outcomes committed by this run (a resumed crawl counts only what this run did). */
  readonly run: OutcomeCounts = { ok: 0, failed: 0, skipped: 0 };
  /** The whole crawl: the frontier's counts, kept current by {@link record}. */
  crawl: CrawlCounts = { ok: 0, failed: 0, skipped: 0, queued: 0 };
  /** Retries done (each extra attempt counts one). */
  retries = 0;
  /** Body bytes received (after content decoding). */
  bytes = 0;
  /** U+FFFD characters that stand for bytes that failed to decode, across all pages. */
  replacementChars = 0;
  /** U+FFFD characters the pages themselves contain (valid text; not damage). */
  literalReplacementChars = 0;
  /** URLs of pages with bytes that failed to decode (first 20). */
  readonly damagedPages: string[] = [];
  damagedCount = 0;
  /** Final status of each fetched page → count. */
  readonly statuses = new Map<number, number>();
  /** Retries a page needed → count of pages. */
  readonly retryHistogram = new Map<number, number>();
  /** Pages known in all (book mode, once the index is read); `null` while unknown. */
  total: number | null = null;

  /** Pages done in this run. */
  get done(): number {
    return this.run.ok + this.run.failed;
  }

  /** Pages done in the whole crawl. */
  get crawlDone(): number {
    return this.crawl.ok + this.crawl.failed;
  }

  /** Seconds since the start. */
  elapsedSeconds(now = Date.now()): number {
    return Math.max(0.001, (now - this.startedAt) / 1000);
  }

  /** Pages per second over the run. */
  pagesPerSecond(now = Date.now()): number {
    return this.done / this.elapsedSeconds(now);
  }

  /**
   * Count one URL the frontier ended as `state`, and the URLs its page added: `queued`
   * new ones waiting, `skipped` new ones recorded as skipped. The URL itself was queued
   * (or leased) until now.
   */
  record(state: keyof OutcomeCounts, added: { queued: number; skipped: number } = { queued: 0, skipped: 0 }): void {
    this.run[state]++;
    this.crawl[state]++;
    this.run.skipped += added.skipped;
    this.crawl.skipped += added.skipped;
    this.crawl.queued = Math.max(0, this.crawl.queued - 1 + added.queued);
  }

  /** Count `n` queued URLs the frontier ended as skipped at once (`max-pages` at the end). */
  skippedQueued(n: number): void {
    this.run.skipped += n;
    this.crawl.skipped += n;
    this.crawl.queued = Math.max(0, this.crawl.queued - n);
  }

  /** Take the frontier's own counts as the whole crawl's (they include other workers' work). */
  refresh(counts: FrontierCounts): void {
    this.crawl = crawlCounts(counts);
  }

  /** Record a page's final status and how many retries it needed. */
  page(status: number | null, retries: number): void {
    if (status !== null) this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.retryHistogram.set(retries, (this.retryHistogram.get(retries) ?? 0) + 1);
  }

  /** Record a page's U+FFFD: `damaged` from bytes that failed to decode, `literal` from its text. */
  decoded(url: string, damaged: number, literal = 0): void {
    this.literalReplacementChars += literal;
    if (damaged <= 0) return;
    this.replacementChars += damaged;
    this.damagedCount++;
    if (this.damagedPages.length < 20) this.damagedPages.push(url);
  }
}
