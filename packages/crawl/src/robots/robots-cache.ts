/**
 * One robots.txt entry per origin, fetched once and shared by every URL of that origin.
 *
 * While an origin's robots.txt is unknown — first fetch in progress, or a 5xx/network
 * error being retried with backoff — nothing of that origin is fetched: the scheduler
 * keeps the host blocked ({@link RobotsCache.pending}). After `retries` failed retries
 * the origin is `unavailable` and its URLs fail with `robots-unavailable`. Entries
 * expire after `ttlMs` (default 24 h, RFC 9309 §2.4) and are then fetched again.
 *
 * Fetches run in their own tasks and waiters use `shield`, so a page task cancelled while
 * it waits does not cancel the fetch other pages are waiting on.
 * @module
 */
import { createTask, isCancelled, shield, sleep, type Coro, type Task } from "corio";
import type { RobotsRules } from "./rules.js";
import type { RobotsAnswer } from "./robots.js";

/** The verdict for one URL. */
export type RobotsVerdict = "allowed" | "robots-disallowed" | "robots-unavailable";

/** Options of {@link RobotsCache}. */
export interface RobotsCacheOptions {
  /** Fetch one origin's robots.txt once. */
  fetch: (origin: string) => Coro<RobotsAnswer>;
  /** Retries after a 5xx/network answer. */
  retries: number;
  /** Delay before retry `n` (0-based), in ms. */
  backoff: (retry: number) => number;
  /** Loop-clock now, in ms. */
  now: () => number;
  /** Entry lifetime, in ms. Default 24 h. */
  ttlMs?: number;
  /** Called when an origin's entry becomes known (the scheduler unblocks its host). */
  onSettled?: (origin: string) => void;
}

type Entry =
  | { state: "pending"; task: Task<void> }
  | { state: "rules"; rules: RobotsRules; at: number }
  | { state: "allow-all"; at: number }
  | { state: "unavailable"; at: number; detail: string };

/**
 * The cache.
 *
 * @example
 * ```ts
 * const cache = new RobotsCache({ fetch: (o) => fetchRobots(fetcher, o, ua), retries: 3, backoff: (n) => 1000 * 2 ** n, now: () => loop.time() });
 * yield* cache.load(url.origin);
 * cache.verdict(url); // "allowed"
 * ```
 */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(private readonly options: RobotsCacheOptions) {
    this.ttlMs = options.ttlMs ?? 24 * 3_600_000;
  }

  /** True when `origin`'s verdicts are not known yet; starts the fetch if needed. */
  pending(origin: string): boolean {
    const entry = this.entry(origin);
    return entry.state === "pending";
  }

  /** Wait until `origin`'s robots.txt is known (fetching it if needed). */
  *load(origin: string): Coro<void> {
    const entry = this.entry(origin);
    if (entry.state === "pending") yield* shield(entry.task);
  }

  /** The verdict for `url`; its origin must be loaded (else `robots-unavailable`). */
  verdict(url: URL): RobotsVerdict {
    const entry = this.entries.get(url.origin);
    if (entry === undefined || entry.state === "pending" || entry.state === "unavailable") return "robots-unavailable";
    if (entry.state === "allow-all") return "allowed";
    return entry.rules.isAllowed(url) ? "allowed" : "robots-disallowed";
  }

  /** `Crawl-delay` of a loaded origin for our user agent, in ms. */
  crawlDelayMs(origin: string): number | undefined {
    const entry = this.entries.get(origin);
    return entry?.state === "rules" ? entry.rules.crawlDelayMs() : undefined;
  }

  /** Cancel fetches in progress. */
  close(): void {
    for (const e of this.entries.values()) if (e.state === "pending") e.task.cancel();
  }

  private entry(origin: string): Entry {
    const found = this.entries.get(origin);
    if (found !== undefined && (found.state === "pending" || this.options.now() - found.at < this.ttlMs)) return found;
    const task = createTask(this.fill(origin), { name: `robots ${origin}` });
    const entry: Entry = { state: "pending", task };
    this.entries.set(origin, entry);
    return entry;
  }

  private *fill(origin: string): Coro<void> {
    let answer: RobotsAnswer = { policy: "unavailable", detail: "not fetched" };
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (attempt > 0) yield* sleep(this.options.backoff(attempt - 1));
      try {
        answer = yield* this.options.fetch(origin);
      } catch (e) {
        if (isCancelled(e)) throw e;
        answer = { policy: "unavailable", detail: String(e) };
      }
      if (answer.policy !== "unavailable") break;
    }
    const at = this.options.now();
    this.entries.set(
      origin,
      answer.policy === "rules"
        ? { state: "rules", rules: answer.rules, at }
        : answer.policy === "allow-all"
          ? { state: "allow-all", at }
          : { state: "unavailable", at, detail: answer.detail },
    );
    this.options.onSettled?.(origin);
  }
}
