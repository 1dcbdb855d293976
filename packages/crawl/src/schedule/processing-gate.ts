/**
 * The stage after a fetch: a page whose body is read gives its concurrency slot back
 * (`--concurrency` counts requests in flight — politeness towards servers) and then
 * decodes, parses, runs the page handler and commits outside it. The gate bounds how
 * many pages may be in that stage at once, so memory stays bounded by the work in hand:
 * at most `--concurrency` bodies in flight plus `limit` pages being processed
 * ({@link processingLimit}).
 *
 * A page enters the gate *while it still holds its fetch slot*: when processing falls
 * behind (CPU-bound crawls), fetches wait for room instead of piling up bodies.
 *
 * Why the stage exists: with the slot held until the commit, pages answering together
 * queued their CPU work before the next request of each slot went out, so a slot's cycle
 * was the server's latency plus everyone's parsing (about 57 ms at 50 ms latency, where a
 * bare undici loop cycles in 52).
 * @module
 */
import { call, Semaphore, type Coro } from "corio";

/**
 * The gate's size for a crawl of `concurrency` requests in flight: as many. Pages get
 * into processing two Node check phases after their body (see {@link PendingWrites}), so
 * on a CPU-bound crawl a small gate filled up between two phases and stalled the fetches
 * behind it (a quarter of 16 measured several % fewer pages/s at latency 0, and more CPU
 * from smaller commit groups). The bound at most doubles what is fetched but not
 * committed — what memory holds and what a kill -9 may cost in refetches — and keeps it
 * proportional to `--concurrency`.
 *
 * @example
 * ```ts
 * processingLimit(16); // 16
 * ```
 */
export function processingLimit(concurrency: number): number {
  return Math.max(1, concurrency);
}

/**
 * A counting gate around page processing.
 *
 * @example
 * ```ts
 * const gate = new ProcessingGate(16);
 * yield* gate.enter();      // may wait while `limit` pages are being processed
 * releaseFetchSlot();
 * try { yield* writes.after(); process(page); } finally { gate.leave(); }
 * ```
 */
export class ProcessingGate {
  private readonly permits: Semaphore;
  // Invariant: 0 <= entered <= limit.
  private entered = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`ProcessingGate: limit must be a positive integer, got ${limit}`);
    this.permits = new Semaphore(limit);
  }

  /** Pages being processed now. */
  get active(): number {
    return this.entered;
  }

  /** Wait for room, then count one page in. */
  *enter(): Coro<void> {
    yield* this.permits.acquire();
    this.entered++;
  }

  /** One page is done (committed, retried or failed). */
  leave(): void {
    if (this.entered <= 0) throw new Error("ProcessingGate: leave() without enter()");
    this.entered--;
    this.permits.release();
  }
}

/**
 * Waits until the requests already issued are on the wire before pages' CPU work: two
 * Node check phases. undici writes a request to a keep-alive socket two immediates after
 * the response that freed it: the first (queued when that response ends) frees the
 * connection and hands it the request waiting in the pool, and queues the second (it
 * first lets the socket report a close the server may have sent), which writes. A wait
 * of one check phase ran between the two — measured on the 50 ms novel, eight page waits
 * in ten began before the next request reached undici — so the next request of a
 * connection waited for the parse of the page that had just freed it: 0.46 ms from
 * request to write at the median, against 0.04 ms with nothing to parse (and 0.19 ms
 * with this wait).
 *
 * Pages that start waiting with no request issued in between share one wait, so they
 * resume in the same turn and their commits form one group (one SQLite transaction);
 * a request issued since starts a new one, queued after undici's.
 *
 * @example
 * ```ts
 * const writes = new PendingWrites();
 * writes.requestIssued();                 // before handing a request to undici
 * yield* writes.after();                  // in a processor, before decoding and parsing
 * ```
 */
export class PendingWrites {
  private shared: Promise<void> | null = null;

  /** A request is about to be handed to undici: later waits must come after its write. */
  requestIssued(): void {
    this.shared = null;
  }

  /** Resume after the writes of the requests issued so far. */
  *after(): Coro<void> {
    const wait = (this.shared ??= new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve))));
    yield* call(wait);
  }
}
