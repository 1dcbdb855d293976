/**
 * Counters and histograms of one crawl run: pure data, updated by the engine, read by
 * the progress display and the summary.
 * @module
 */

/** Live counters of one run (a resumed crawl counts only what this run did). */
export class CrawlStats {
  /** Wall-clock start (ms since epoch). */
  readonly startedAt = Date.now();
  /** Pages fetched to an `ok` outcome in this run. */
  ok = 0;
  /** Pages that failed for good in this run. */
  failed = 0;
  /** URLs skipped in this run (discovered or at a redirect). */
  skipped = 0;
  /** Retries done (each extra attempt counts one). */
  retries = 0;
  /** Body bytes received (after content decoding). */
  bytes = 0;
  /** U+FFFD characters across all decoded pages. */
  replacementChars = 0;
  /** URLs of pages with any U+FFFD (first 20). */
  readonly damagedPages: string[] = [];
  damagedCount = 0;
  /** Final status of each fetched page → count. */
  readonly statuses = new Map<number, number>();
  /** Retries a page needed → count of pages. */
  readonly retryHistogram = new Map<number, number>();
  /** Pages known in all (book mode, once the index is read); `null` while unknown. */
  total: number | null = null;
  /** Pages done before this run (resume). */
  doneBefore = 0;
  /** URLs waiting in the frontier (approximate, refreshed by the engine). */
  queued = 0;

  /** Pages done in this run. */
  get done(): number {
    return this.ok + this.failed;
  }

  /** Seconds since the start. */
  elapsedSeconds(now = Date.now()): number {
    return Math.max(0.001, (now - this.startedAt) / 1000);
  }

  /** Pages per second over the run. */
  pagesPerSecond(now = Date.now()): number {
    return this.done / this.elapsedSeconds(now);
  }

  /** Record a page's final status and how many retries it needed. */
  page(status: number | null, retries: number): void {
    if (status !== null) this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.retryHistogram.set(retries, (this.retryHistogram.get(retries) ?? 0) + 1);
  }

  /** Record decoding damage. */
  damage(url: string, count: number): void {
    if (count <= 0) return;
    this.replacementChars += count;
    this.damagedCount++;
    if (this.damagedPages.length < 20) this.damagedPages.push(url);
  }
}
