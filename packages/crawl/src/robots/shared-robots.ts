/**
 * robots.txt once per crawl and origin, not once per worker: in a shared crawl the first
 * worker to need an origin's robots.txt takes a lock in the shared store (Redis), fetches
 * it and stores the answer — status and rules text, with a TTL — for every worker; the
 * others poll until it is there. Each worker still parses the text into its own
 * {@link RobotsCache}.
 *
 * A worker that dies while fetching leaves a lock that expires (`lockMs`), and the next
 * one to ask fetches. An `unavailable` answer (5xx, network error) is not stored: the
 * lock is dropped, each worker's cache retries with its backoff, and whoever asks first
 * fetches again — a broken robots.txt is never pinned for the whole crawl.
 * @module
 */
import { call, sleep, type Coro } from "corio";
import { robotsAnswer, type RobotsAnswer, type RobotsRecord } from "./robots.js";

/** Where the workers of a crawl share robots.txt answers (a {@link RedisFrontier}). */
export interface RobotsStore {
  /**
   * The stored answer of `origin` (JSON of a {@link RobotsRecord}); or `""` when none is
   * stored and the caller now holds the lock for `lockMs` and must fetch it; or `null`
   * when another worker holds the lock.
   */
  robotsGet(origin: string, lockMs: number): Promise<string | null>;
  /** Store `record` (JSON; `""` stores nothing) for `ttlMs` and drop the caller's lock. */
  robotsPut(origin: string, record: string, ttlMs: number): Promise<void>;
}

/** Options of {@link sharedRobots}. */
export interface SharedRobotsOptions {
  userAgent: string;
  /** How long a fetching worker's lock lasts (its fetch, slot wait included). */
  lockMs: number;
  /** How long the stored answer lives. Default 24 h, as the local cache (RFC 9309 §2.4). */
  ttlMs?: number;
  /** First poll interval while another worker fetches, ms; doubles up to 1 s. Default 50. */
  pollMs?: number;
}

/**
 * `origin`'s robots.txt answer through `store`: stored → parsed; else fetched with
 * `fetchOnce` by the one worker holding the lock and stored; else waited for.
 *
 * @example
 * ```ts
 * const answer = yield* sharedRobots(frontier, "https://example.com", () => fetchRobotsRecord(fetcher, "https://example.com"), { userAgent: "corio/0.1", lockMs: 40_000 });
 * ```
 */
export function* sharedRobots(store: RobotsStore, origin: string, fetchOnce: () => Coro<RobotsRecord>, options: SharedRobotsOptions): Coro<RobotsAnswer> {
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  for (let wait = options.pollMs ?? 50; ; wait = Math.min(wait * 2, 1_000)) {
    const stored = yield* call(store.robotsGet(origin, options.lockMs));
    if (stored === null) {
      yield* sleep(wait);
      continue;
    }
    if (stored !== "") return robotsAnswer(JSON.parse(stored) as RobotsRecord, origin, options.userAgent);
    let record: RobotsRecord;
    try {
      record = yield* fetchOnce();
    } catch (e) {
      void store.robotsPut(origin, "", ttlMs).catch(() => {}); // drop the lock: another worker may try
      throw e;
    }
    yield* call(store.robotsPut(origin, record.policy === "unavailable" ? "" : JSON.stringify(record), ttlMs));
    return robotsAnswer(record, origin, options.userAgent);
  }
}
