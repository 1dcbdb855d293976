/**
 * Hands out the next item whose host is ready, so politeness is per host and never
 * global: a host waiting for its delay, its Retry-After or its robots.txt simply is not
 * ready, and items of other hosts go first. The single dispatcher asks {@link
 * HostScheduler.nextReadyAt} which host could go, takes a global concurrency permit only
 * once one is ready, then {@link HostScheduler.take}s — so waiting for a host never holds
 * a concurrency slot.
 *
 * The scheduler holds only the leased batch (the frontier keeps the rest on disk), so a
 * linear scan over hosts is cheap and keeps the structure obvious; a heap keyed by
 * ready time was rejected because ready times change whenever a request ends.
 * @module
 */
import { Event } from "corio";
import { HostSlot } from "./host-slot.js";

/** Options of {@link HostScheduler}. */
export interface HostSchedulerOptions {
  /** Requests in flight per host. */
  perHost: number;
  /** Default delay between starts per host, in ms. */
  delayMs: number;
}

/**
 * Per-host queues with ready times.
 *
 * @example
 * ```ts
 * const s = new HostScheduler<string>({ perHost: 2, delayMs: 0 });
 * s.push("a.com", "http://a.com/1");
 * s.nextReadyAt(now); // now
 * const got = s.take(now); // { slot, item: "http://a.com/1" }
 * got.slot.finished(); s.changed.set();
 * ```
 */
export class HostScheduler<T> {
  private readonly slots = new Map<string, HostSlot<T>>();
  /** Set whenever readiness may have changed (push, finish, unblock); the dispatcher clears it. */
  readonly changed = new Event();
  // Invariant: queued === sum of slot.queue.length.
  private queued = 0;

  constructor(private readonly options: HostSchedulerOptions) {}

  /** Items waiting in all hosts. */
  get size(): number {
    return this.queued;
  }

  /** The hosts it knows now (the dashboard's host table reads them). */
  hosts(): IterableIterator<HostSlot<T>> {
    return this.slots.values();
  }

  /** The host's record (created on first use). */
  slot(host: string): HostSlot<T> {
    let slot = this.slots.get(host);
    if (slot === undefined) {
      slot = new HostSlot<T>(host, this.options.delayMs);
      this.slots.set(host, slot);
    }
    return slot;
  }

  /** Queue `item` on `host`, not to start before `notBefore`. */
  push(host: string, item: T, notBefore = 0): void {
    this.slot(host).queue.push({ item, notBefore });
    this.queued++;
    this.changed.set();
  }

  /** Hosts whose queue holds at least `n` items (the frontier leases for other hosts). */
  fullHosts(n: number): Set<string> {
    const full = new Set<string>();
    for (const s of this.slots.values()) if (s.queue.length >= n) full.add(s.host);
    return full;
  }

  /** The earliest time any host may start an item, or `null` when none can. */
  nextReadyAt(): number | null {
    let best: number | null = null;
    for (const s of this.slots.values()) {
      const at = s.readyAt(this.options.perHost);
      if (at !== null && (best === null || at < best)) best = at;
    }
    return best;
  }

  /** Take the item of the host that has been ready longest at `now`, or `null`. */
  take(now: number): { slot: HostSlot<T>; item: T } | null {
    let best: HostSlot<T> | null = null;
    let bestAt = Number.POSITIVE_INFINITY;
    for (const s of this.slots.values()) {
      const at = s.readyAt(this.options.perHost);
      if (at !== null && at <= now && at < bestAt) (best = s), (bestAt = at);
    }
    if (best === null) return null;
    const item = best.take(now);
    if (item === undefined) return null;
    this.queued--;
    return { slot: best, item };
  }

  /** Remove and return every queued item (graceful stop). */
  drain(): T[] {
    const out: T[] = [];
    for (const s of this.slots.values()) out.push(...s.queue.splice(0).map((q) => q.item));
    this.queued = 0;
    return out;
  }

  /**
   * Forget hosts with nothing queued or in flight whose delay and pause are over at
   * `now` (keeps the scan short on wide crawls; a forgotten host starts afresh, which is
   * exactly what its politeness allows by then — its Crawl-delay is re-applied on reuse).
   */
  prune(now: number): void {
    for (const [host, s] of this.slots) {
      if (s.queue.length === 0 && s.inFlight === 0 && s.blockers === 0 && now >= s.pausedUntil && now >= s.lastStart + s.delayMs) {
        this.slots.delete(host);
      }
    }
  }
}
