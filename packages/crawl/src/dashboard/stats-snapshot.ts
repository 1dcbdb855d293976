/**
 * The shape of what the live dashboard shows, `GET /api/stats` returns, the Server-Sent
 * Events stream sends and `report.html` embeds: one JSON document, versioned by `schema`.
 *
 * The `--json` summary's fields are a subset of {@link StatsSnapshot.summary}'s with the same
 * names and values. Times are milliseconds; `t` values are milliseconds since `startedAt`.
 * Everything here is plain JSON (no Map, no Date), so the page, a poller and the report read
 * the same thing.
 * @module
 */
import type { CrawlSummary } from "../report/summary.js";

/** Version of {@link StatsSnapshot}; bumped on any incompatible change. */
export const STATS_SCHEMA = 1;

/** What the crawl is doing now. */
export type CrawlPhase = "starting" | "running" | "paused" | "stopping" | "finished";

/** One point of the whole-crawl time series (about one a second, thinned as the crawl grows). */
export interface SeriesPoint {
  /** Milliseconds since `startedAt`. */
  t: number;
  /** Pages done (ok + failed) so far in this run. */
  pages: number;
  /** Body bytes received so far in this run. */
  bytes: number;
  /** Pages failed so far in this run. */
  failed: number;
  /** Requests in flight at that moment. */
  inFlight: number;
}

/** Response times of this run's fetched pages. */
export interface LatencyStats {
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  /** Bucket upper bounds in ms (the last is `null` = +∞) and how many responses fell in each. */
  histogram: { leMs: number | null; count: number }[];
}

/** One origin's row in the per-host table. */
export interface HostStats {
  /** `scheme://host[:port]`. */
  origin: string;
  inFlight: number;
  /** URLs of this host waiting in this worker's queue (or the frontier's, when known). */
  queued: number;
  ok: number;
  failed: number;
  /** The politeness delay in force (max of `--delay` and Crawl-delay), ms. */
  delayMs: number;
  /** The Crawl-delay robots.txt asked for, ms, or `null`. */
  crawlDelayMs: number | null;
  /** Wall-clock time (ms since epoch) until which the host is paused by Retry-After/backoff, or `null`. */
  pausedUntil: number | null;
}

/** One recent failure or skip. */
export interface ErrorEntry {
  /** Wall-clock time, ms since epoch. */
  at: number;
  url: string;
  outcome: "failed" | "skipped";
  reason: string;
  status?: number;
}

/** One worker of a Redis crawl, as the shared state knows it. */
export interface WorkerStats {
  id: string;
  /**
   * What it is doing, one line: `fetching 3: a.test ×2, b.test`, `idle: waiting for work`,
   * `paused`, `stopping, …`, `finished`, `stopped (…)`, `silent for 40 s (…)`.
   */
  doing: string;
  /** Requests it has in flight (as of its last report, at most a second old). */
  inFlight: number;
  /** URLs it holds leased (in flight or in its queue). */
  leased: number;
  /** Pages it completed. */
  done: number;
  /** Wall-clock ms (Redis's clock) of its last heartbeat or report. */
  lastSeen: number;
}

/** The whole picture at one instant. */
export interface StatsSnapshot {
  schema: typeof STATS_SCHEMA;
  mode: "book" | "site";
  phase: CrawlPhase;
  /** The command line as the user typed it (argv after the node binary). */
  command: string;
  /** The start URL(s). */
  start: string[];
  /** Wall-clock ms since epoch. */
  startedAt: number;
  /** Wall-clock ms since epoch; `null` until finished. */
  endedAt: number | null;
  elapsedMs: number;
  /** This run's outcomes and what is left in the whole crawl. */
  counts: { ok: number; failed: number; skipped: number; queued: number; inFlight: number; retries: number; bytes: number };
  /** The whole crawl (earlier runs and other workers included), as `corio crawl status` shows it. */
  totals: { ok: number; failed: number; skipped: number; queued: number };
  /** Over the last few seconds. */
  rate: { pagesPerSecond: number; bytesPerSecond: number };
  /** Seconds left at the recent rate, or `null` when unknown. */
  etaSeconds: number | null;
  series: SeriesPoint[];
  latency: LatencyStats;
  /** Final HTTP status → count. */
  statusCodes: Record<string, number>;
  hosts: HostStats[];
  /** The most recent failures and skips, newest first (at most 50). */
  recentErrors: ErrorEntry[];
  /** Failure and skip reasons of the whole crawl with their counts. */
  reasons: Record<string, { outcome: "failed" | "skipped"; count: number }>;
  /** Book mode: chapters done out of the index's total (`total` null until the index is read). */
  book: { chaptersDone: number; chaptersTotal: number | null } | null;
  /** Redis crawls: the workers; `null` otherwise. */
  workers: WorkerStats[] | null;
  /** The final summary (the `--json` output), once finished. */
  summary: CrawlSummary | null;
}
