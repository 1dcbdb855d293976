/**
 * What a finished (or running) crawl's stored state says, whatever stores it: the SQLite
 * state file (`state-snapshot.ts`) and the Redis frontier (`frontier/redis-report.ts`) each
 * read theirs into a {@link CrawlRecord}, and {@link snapshotFromRecord} turns either into
 * the {@link StatsSnapshot} the report draws — one code path, two sources, so a report of
 * a Redis crawl and one of a local crawl mean the same by every number.
 * @module
 */
import { LatencyHistogram } from "./latency-histogram.js";
import { STATS_SCHEMA, type ErrorEntry, type HostStats, type SeriesPoint, type StatsSnapshot } from "./stats-snapshot.js";

/** Series points of a rebuilt crawl, at most. */
const POINTS = 300;

/** One page fetched to an end: its last response (bytes of every attempt). */
export interface FetchRow {
  /** Wall-clock ms when the response ended. */
  at: number;
  ms: number;
  bytes: number;
  status: number | null;
  attempts: number;
  /** The page's stored outcome: `ok`, `failed`, or `skipped` (a redirect onto a page already stored). */
  state: string;
}

/**
 * Exact totals over every fetch, kept beside a bounded {@link CrawlRecord.fetches} (Redis):
 * the report's counts stay exact when the oldest rows were dropped.
 */
export interface FetchTotals {
  /** Fetches ever recorded (≥ `fetches.length`; more means rows were dropped). */
  fetches: number;
  bytes: number;
  retries: number;
  /** HTTP status → fetches that ended with it. */
  statuses: Record<string, number>;
}

/** A crawl as its state stores it. */
export interface CrawlRecord {
  mode: "book" | "site";
  start: string[];
  /** When a worker saw the crawl end (ISO time), or `null`. */
  finished: string | null;
  /** Wall-clock ms the crawl started, when the store knows; else the first fetch's start. */
  startedAt: number | null;
  /** URLs by state (leased ones count as queued). */
  counts: { ok: number; failed: number; skipped: number; queued: number };
  reasons: StatsSnapshot["reasons"];
  /** Fetches by `at`: all of them, or the latest ones when {@link totals} says more were made. */
  fetches: FetchRow[];
  /** Exact totals when {@link fetches} may be cut; `null`: `fetches` is complete. */
  totals: FetchTotals | null;
  /** Pages fetched to an end per host (ok and failed), with one URL of the host. */
  hosts: { url: string; ok: number; failed: number }[];
  /** The latest failures and skips, newest first (`at` null: never fetched). */
  recentErrors: { url: string; outcome: "failed" | "skipped"; reason: string; status: number | null; at: number | null }[];
}

/** How many fetches of `r` the report's response times and time series leave out (dropped rows). */
export function droppedFetches(r: CrawlRecord): number {
  return r.totals === null ? 0 : Math.max(0, r.totals.fetches - r.fetches.length);
}

/**
 * The snapshot a report draws of a stored crawl. The whole crawl is one "run" here:
 * `counts` and `totals` agree.
 *
 * @example
 * ```ts no-run
 * const snapshot = snapshotFromRecord(record, "corio crawl report --state out/book.crawl.db -o report.html");
 * ```
 */
export function snapshotFromRecord(r: CrawlRecord, command: string): StatsSnapshot {
  const latency = new LatencyHistogram();
  const statuses = new Map<number, number>();
  let bytes = 0;
  let retries = 0;
  for (const f of r.fetches) {
    latency.add(f.ms);
    if (f.status !== null) statuses.set(f.status, (statuses.get(f.status) ?? 0) + 1);
    bytes += f.bytes;
    retries += Math.max(0, f.attempts - 1);
  }
  const first = r.fetches[0];
  const last = r.fetches.at(-1);
  // The earlier of the store's start and the first kept fetch's (clocks of workers and Redis differ).
  const fromFetches = first === undefined ? null : first.at - first.ms;
  const startedAt = r.startedAt === null ? (fromFetches ?? Date.now()) : Math.min(r.startedAt, fromFetches ?? r.startedAt);
  const endedAt = r.finished !== null ? Math.max(Date.parse(r.finished), last?.at ?? 0) : (last?.at ?? startedAt);
  const t = r.totals;
  const statusCodes = t !== null ? { ...t.statuses } : Object.fromEntries([...statuses].map(([k, v]) => [String(k), v]));
  const c = r.counts;
  // Rows dropped before the kept ones are where the series starts from.
  const keptFailed = r.fetches.filter((f) => f.state === "failed").length;
  const base = t === null ? { pages: 0, bytes: 0, failed: 0 } : { pages: droppedFetches(r), bytes: Math.max(0, t.bytes - bytes), failed: Math.max(0, c.failed - keptFailed) };
  return {
    schema: STATS_SCHEMA,
    mode: r.mode,
    phase: "finished",
    command,
    start: r.start,
    startedAt,
    endedAt,
    elapsedMs: endedAt - startedAt,
    counts: { ok: c.ok, failed: c.failed, skipped: c.skipped, queued: c.queued, inFlight: 0, retries: t?.retries ?? retries, bytes: t?.bytes ?? bytes },
    totals: { ...c },
    // Over the whole crawl (the live page's "recent" rate has no meaning afterwards).
    rate: average(t?.fetches ?? r.fetches.length, t?.bytes ?? bytes, endedAt - startedAt),
    etaSeconds: c.queued === 0 ? 0 : null,
    series: series(r.fetches, startedAt, endedAt, base),
    latency: latency.stats(),
    statusCodes: Object.fromEntries(Object.entries(statusCodes).sort((a, b) => Number(a[0]) - Number(b[0]))),
    hosts: r.hosts.map((h): HostStats => ({ origin: new URL(h.url).origin, inFlight: 0, queued: 0, ok: h.ok, failed: h.failed, delayMs: 0, crawlDelayMs: null, pausedUntil: null })),
    recentErrors: r.recentErrors.map((e): ErrorEntry => ({ at: e.at ?? endedAt, url: e.url, outcome: e.outcome, reason: e.reason, ...(e.status === null ? {} : { status: e.status }) })),
    reasons: r.reasons,
    book: r.mode === "book" ? { chaptersDone: Math.max(0, c.ok + c.failed - 1), chaptersTotal: Math.max(0, c.ok + c.failed + c.queued - 1) } : null,
    workers: null,
    summary: null,
  };
}

function average(pages: number, bytes: number, ms: number): StatsSnapshot["rate"] {
  if (ms <= 0) return { pagesPerSecond: 0, bytesPerSecond: 0 };
  return { pagesPerSecond: Math.round((pages * 10_000) / ms) / 10, bytesPerSecond: Math.round((bytes * 1000) / ms) };
}

/** Cumulative pages, bytes and failures at up to {@link POINTS} evenly spaced times, from `base` on. */
function series(fetches: FetchRow[], startedAt: number, endedAt: number, base: { pages: number; bytes: number; failed: number }): SeriesPoint[] {
  const span = Math.max(1, endedAt - startedAt);
  const step = Math.max(1000, Math.ceil(span / POINTS));
  const points: SeriesPoint[] = [{ t: 0, pages: 0, bytes: 0, failed: 0, inFlight: 0 }];
  let { pages, bytes, failed } = base;
  let i = 0;
  for (let t = step; ; t += step) {
    const until = startedAt + Math.min(t, span);
    for (; i < fetches.length && fetches[i]!.at <= until; i++) {
      pages++;
      bytes += fetches[i]!.bytes;
      if (fetches[i]!.state === "failed") failed++;
    }
    points.push({ t: Math.min(t, span), pages, bytes, failed, inFlight: 0 });
    if (t >= span) break;
  }
  return points;
}
