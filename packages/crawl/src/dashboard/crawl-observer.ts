/**
 * What the engine tells a watcher (the live dashboard): a read-only view of its state
 * once it runs, and a call per response and per stored outcome. The engine's own
 * counters ({@link CrawlStats}) are shared, not copied: the dashboard, the progress line and
 * the summary read one set of numbers. Every call is cheap and synchronous — the watcher
 * does its heavier work (snapshots) on its own timer, never on the crawl's path.
 * @module
 */
import type { CrawlStats } from "../report/stats.js";
import type { EntryOutcome } from "../frontier/frontier.js";
import type { CrawlSummary } from "../report/summary.js";
import type { CrawlStatus } from "../frontier/redis-status.js";

/** One host of the engine's scheduler, as the dashboard's host table shows it. */
export interface HostView {
  /** `host[:port]`. */
  host: string;
  inFlight: number;
  queued: number;
  /** Delay in force between two starts, ms. */
  delayMs: number;
  /** robots.txt Crawl-delay of the host's origin, ms, or `null`. */
  crawlDelayMs: number | null;
  /** Wall-clock ms until which a Retry-After/backoff pause holds, or `null`. */
  pausedUntil: number | null;
}

/** The engine's live state, read when a snapshot is taken. */
export interface EngineView {
  readonly stats: CrawlStats;
  /** Requests in flight now. */
  inFlight(): number;
  hosts(): HostView[];
  paused(): boolean;
  stopping(): boolean;
  /** A shared (Redis) crawl: its workers, read from the shared state; absent otherwise. */
  workers?: () => Promise<CrawlStatus>;
}

/** A watcher of one crawl. */
export interface CrawlObserver {
  /** The engine is about to dispatch. */
  attached(view: EngineView): void;
  /** A response came back (`status` null: the request failed without one) after `ms`. */
  fetched(url: string, status: number | null, bytes: number, ms: number): void;
  /** The frontier stored `url`'s outcome. */
  completed(url: string, outcome: EntryOutcome): void;
  /** The crawl ended; this is the summary `crawl()` returns. */
  finished(summary: CrawlSummary): void;
}
