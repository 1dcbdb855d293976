/**
 * Everything politeness knows about one host, in one record (Scrapy's downloader
 * `Slot`): its queue of items with their own not-before times (retries wait here, not
 * in a worker), requests in flight, the start time of the last request, the delay
 * between starts (`--delay`, raised to robots Crawl-delay), a pause set by Retry-After or
 * exponential backoff after 429/503, and a block while its robots.txt is unknown.
 *
 * Host = URL `host` (name and port), DESIGN §6. Delays are measured start to start.
 * @module
 */

/** One queued item and the earliest time it may start. */
export interface SlotItem<T> {
  item: T;
  notBefore: number;
}

/** Per-host politeness state. Times are loop-clock milliseconds. */
export class HostSlot<T> {
  /** Items waiting, in arrival order. */
  readonly queue: SlotItem<T>[] = [];
  // Invariant: 0 <= inFlight <= perHost (the scheduler never takes past the cap).
  inFlight = 0;
  /** Start time of the most recent request. */
  lastStart = Number.NEGATIVE_INFINITY;
  /** Minimum time between two starts. */
  delayMs: number;
  /** No start before this time (Retry-After, 429/503 backoff). */
  pausedUntil = 0;
  /** Consecutive 429/503 answers without Retry-After: the exponent of the next backoff. */
  backoffLevel = 0;
  /** Reasons the host may not start anything now (robots.txt of an origin still unknown). */
  blockers = 0;

  constructor(
    readonly host: string,
    delayMs: number,
  ) {
    this.delayMs = delayMs;
  }

  /**
   * The earliest time the next item may start, or `null` when none can start whatever
   * the time (empty, blocked, or `perHost` requests in flight).
   */
  readyAt(perHost: number): number | null {
    if (this.blockers > 0 || this.inFlight >= perHost || this.queue.length === 0) return null;
    let earliest = Number.POSITIVE_INFINITY;
    for (const q of this.queue) earliest = Math.min(earliest, q.notBefore);
    return Math.max(this.lastStart + this.delayMs, this.pausedUntil, earliest);
  }

  /** Remove and return the first item due at `now`, counting it in flight; `undefined` if none. */
  take(now: number): T | undefined {
    const i = this.queue.findIndex((q) => q.notBefore <= now);
    if (i === -1) return undefined;
    const [{ item }] = this.queue.splice(i, 1) as [SlotItem<T>];
    this.inFlight++;
    this.lastStart = now;
    return item;
  }

  /** A request of this host ended. */
  finished(): void {
    if (this.inFlight <= 0) throw new Error(`HostSlot(${this.host}): finished() without a request in flight`);
    this.inFlight--;
  }

  /** Start nothing before `until` (the later of this and any earlier pause wins). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}
