/**
 * corio crawl — a polite, resumable crawler built on corio: the article's aiohttp novel
 * downloader grown up. This file is the package's only public door.
 *
 * @example
 * ```ts
 * import { run } from "corio";
 * import { crawl } from "@corio/crawl";
 * const summary = await run(crawl({ mode: "book", startUrls: ["https://example.com/book/"], output: "out/book.md" }));
 * console.log(summary.ok, "chapters");
 * ```
 * @module @corio/crawl
 */
export { crawl, STOP_GRACE_MS, type CrawlHooks, type CrawlControl } from "./engine.js";
export {
  resolveOptions,
  parseDuration,
  parseSize,
  defaultStatePath,
  DEFAULTS,
  type CrawlOptions,
  type CrawlOptionsInput,
  type BookFormat,
  type PageHandler,
  type ProgressMode,
} from "./options.js";
export type { CrawledPage } from "./page.js";
export type { CrawlSummary } from "./report/summary.js";
export { formatSummary } from "./report/summary.js";
export { CrawlError, UsageError, EnvironmentError, CrawlStateLost, SKIP_REASONS, type SkipReason, type FailReason, type CrawlErrorCode } from "./errors.js";
export type { Frontier, FrontierEntry, NewEntry, EntryOutcome, CompleteResult, FrontierCounts, StoredResult, ProblemRecord } from "./frontier/frontier.js";
export { SqliteFrontier } from "./frontier/sqlite-frontier.js";
export { MemoryFrontier } from "./frontier/memory-frontier.js";
export { RedisFrontier, crawlPrefix, type RedisFrontierOptions, type CrawlStatus, type WorkerStatus } from "./frontier/redis-frontier.js";
export { RedisUnavailableError } from "./frontier/redis-connection.js";
export { isSharedFrontier, type SharedFrontier, type HostSlotGrant } from "./frontier/shared-frontier.js";
export type { WorkerActivity, EngineActivity } from "./frontier/worker-activity.js";
export type { RobotsStore } from "./robots/shared-robots.js";
export type { RobotsRecord } from "./robots/robots.js";
export { canonicalize, createCanonicalizer } from "./url/canonicalize.js";
export type { PageRecord } from "./output/jsonl.js";
export { partialPath, type IncompleteOutput } from "./output/partial.js";
export { StateLock, lockHolder, type LockOwner } from "./frontier/state-lock.js";
export { runCli, EXIT } from "./cli/run-cli.js";
export { tuneHeapForCrawling, CRAWLER_HEAP, type HeapTuning } from "./cli/crawler-heap.js";
export { LiveStats, type LiveStatsOptions } from "./dashboard/live-stats.js";
export { LatencyHistogram } from "./dashboard/latency-histogram.js";
export { startDashboard, type DashboardServer, type DashboardServerOptions, type DashboardControl } from "./dashboard/server.js";
export type { CrawlObserver, EngineView, HostView } from "./dashboard/crawl-observer.js";
export type * from "./dashboard/stats-snapshot.js";
export { STATS_SCHEMA } from "./dashboard/stats-snapshot.js";
