/**
 * The live dashboard's numbers: a {@link CrawlObserver} that turns the engine's counters,
 * its scheduler's hosts and the responses it sees into a {@link StatsSnapshot} on demand.
 *
 * The outcome counts are the engine's own ({@link CrawlStats}), so `/api/stats` and the
 * `--json` summary cannot disagree: once finished, the snapshot takes the summary's values
 * (same names, same numbers). What only the dashboard needs — response times, per-host
 * rows, the latest errors, a time series — is kept here in bounded memory.
 * @module
 */
import type { CrawlObserver, EngineView } from "./crawl-observer.js";
import { LatencyHistogram } from "./latency-histogram.js";
import { STATS_SCHEMA, type CrawlPhase, type ErrorEntry, type HostStats, type SeriesPoint, type StatsSnapshot, type WorkerStats } from "./stats-snapshot.js";
import type { EntryOutcome } from "../frontier/frontier.js";
import { describeWorker } from "../frontier/worker-activity.js";
import type { CrawlSummary } from "../report/summary.js";

/** The latest failures and skips kept (newest first). */
export const RECENT_ERRORS = 50;
/** Series points kept; past this the series is halved (every other point) and sampled half as often. */
export const MAX_SERIES_POINTS = 600;
/** The window of `rate`, ms. */
const RATE_WINDOW_MS = 5_000;
/** How often the workers of a shared crawl are read from Redis, ms. */
const WORKERS_EVERY_MS = 2_000;

/** What the snapshot says about the crawl that the engine does not know. */
export interface LiveStatsOptions {
  mode: "book" | "site";
  /** The command line as typed. */
  command: string;
  start: string[];
  /** Wall clock, ms since epoch (tests pass a fake one). */
  now?: () => number;
}

interface HostCounts {
  origin: string;
  ok: number;
  failed: number;
}

/**
 * Collects one crawl's dashboard numbers.
 *
 * @example
 * ```ts
 * import { run } from "corio";
 * import { crawl, LiveStats } from "@corio/crawl";
 * const live = new LiveStats({ mode: "site", command: "my-crawler", start: ["http://127.0.0.1:8080/"] });
 * const timer = setInterval(() => live.sample(), 1000);
 * const done = run(crawl({ mode: "site", startUrls: ["http://127.0.0.1:8080/"], output: "out/pages.jsonl", allowPrivate: true }, { observer: live }));
 * // live.snapshot() any time: the same JSON /api/stats serves
 * await done.finally(() => clearInterval(timer));
 * ```
 */
export class LiveStats implements CrawlObserver {
  private view: EngineView | null = null;
  private readonly now: () => number;
  readonly startedAt: number;
  private endedAt: number | null = null;
  private summary: CrawlSummary | null = null;
  private readonly latency = new LatencyHistogram();
  private readonly byHost = new Map<string, HostCounts>();
  private readonly errors: ErrorEntry[] = [];
  private readonly reasons = new Map<string, { outcome: "failed" | "skipped"; count: number }>();
  private readonly series: SeriesPoint[] = [];
  private sampleEveryMs = 1_000;
  private workers: WorkerStats[] | null = null;
  private workersReadAt = Number.NEGATIVE_INFINITY;
  private readingWorkers = false;

  constructor(private readonly options: LiveStatsOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  attached(view: EngineView): void {
    this.view = view;
    if (view.workers !== undefined) this.workers = [];
    this.sample();
  }

  fetched(url: string, status: number | null, _bytes: number, ms: number): void {
    if (status !== null) this.latency.add(ms);
    this.hostOf(url);
  }

  completed(url: string, outcome: EntryOutcome): void {
    const host = this.hostOf(url);
    if (outcome.state === "ok") {
      host.ok++;
      return;
    }
    if (outcome.state === "failed") host.failed++;
    const entry: ErrorEntry = { at: this.now(), url, outcome: outcome.state, reason: outcome.reason };
    if (outcome.state === "failed" && outcome.status !== null) entry.status = outcome.status;
    this.errors.unshift(entry);
    if (this.errors.length > RECENT_ERRORS) this.errors.pop();
    const r = this.reasons.get(outcome.reason) ?? { outcome: outcome.state, count: 0 };
    r.count++;
    this.reasons.set(outcome.reason, r);
  }

  finished(summary: CrawlSummary): void {
    this.summary = summary;
    this.endedAt = this.now();
    this.sample(true);
  }

  /**
   * Add a point to the time series (call about once a second; calls closer together than
   * the current sampling interval are ignored unless `force`).
   */
  sample(force = false): void {
    const view = this.view;
    if (view === null) return;
    const t = this.now() - this.startedAt;
    const last = this.series.at(-1);
    if (!force && last !== undefined && t - last.t < this.sampleEveryMs) return;
    this.series.push({ t, pages: view.stats.done, bytes: view.stats.bytes, failed: view.stats.run.failed, inFlight: this.endedAt === null ? view.inFlight() : 0 });
    if (this.series.length > MAX_SERIES_POINTS) {
      // Keep the first and the latest point; thin the rest to every other one.
      const kept = this.series.filter((_, i) => i % 2 === 0 || i === this.series.length - 1);
      this.series.splice(0, this.series.length, ...kept);
      this.sampleEveryMs *= 2;
    }
    this.refreshWorkers();
  }

  /** What the crawl is doing now. */
  phase(): CrawlPhase {
    if (this.endedAt !== null) return "finished";
    const view = this.view;
    if (view === null) return "starting";
    if (view.stopping()) return "stopping";
    return view.paused() ? "paused" : "running";
  }

  /** The whole picture now: what `GET /api/stats` returns. */
  snapshot(): StatsSnapshot {
    const now = this.endedAt ?? this.now();
    const view = this.view;
    const stats = view?.stats;
    const s = this.summary;
    const inFlight = view === null || this.endedAt !== null ? 0 : view.inFlight();
    const counts = {
      ok: s?.ok ?? stats?.run.ok ?? 0,
      failed: s?.failed ?? stats?.run.failed ?? 0,
      skipped: s?.skipped ?? stats?.run.skipped ?? 0,
      queued: s?.totals.queued ?? stats?.crawl.queued ?? 0,
      inFlight,
      retries: s?.retries ?? stats?.retries ?? 0,
      bytes: s?.bytes ?? stats?.bytes ?? 0,
    };
    const totals = s?.totals ?? { ...(stats?.crawl ?? { ok: 0, failed: 0, skipped: 0, queued: 0 }) };
    const rate = this.rate(now);
    return {
      schema: STATS_SCHEMA,
      mode: this.options.mode,
      phase: this.phase(),
      command: this.options.command,
      start: [...this.options.start],
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      elapsedMs: now - this.startedAt,
      counts,
      totals,
      rate,
      etaSeconds: this.eta(rate.pagesPerSecond, totals.queued + inFlight),
      series: this.series.map((p) => ({ ...p })),
      latency: this.latency.stats(),
      statusCodes: s?.statusHistogram ?? Object.fromEntries([...(stats?.statuses ?? [])].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
      hosts: this.hosts(),
      recentErrors: this.errors.map((e) => ({ ...e })),
      reasons: s?.reasons ?? Object.fromEntries([...this.reasons].sort((a, b) => b[1].count - a[1].count).map(([k, v]) => [k, { ...v }])),
      book: this.options.mode === "book" ? this.book(totals) : null,
      workers: this.workers === null ? null : this.workers.map((w) => ({ ...w })),
      summary: s,
    };
  }

  private rate(now: number): { pagesPerSecond: number; bytesPerSecond: number } {
    const last = this.series.at(-1);
    if (last === undefined) return { pagesPerSecond: 0, bytesPerSecond: 0 };
    const t = now - this.startedAt;
    const from = [...this.series].reverse().find((p) => t - p.t >= RATE_WINDOW_MS) ?? this.series[0]!;
    const stats = this.view!.stats;
    const secs = (t - from.t) / 1000;
    if (secs <= 0) return { pagesPerSecond: 0, bytesPerSecond: 0 };
    const round = (n: number) => Math.round(n * 10) / 10;
    return { pagesPerSecond: round((stats.done - from.pages) / secs), bytesPerSecond: round((stats.bytes - from.bytes) / secs) };
  }

  private eta(pagesPerSecond: number, left: number): number | null {
    if (this.endedAt !== null) return 0;
    if (pagesPerSecond <= 0) return null;
    return Math.ceil(left / pagesPerSecond);
  }

  /** Book mode: the index page is one of the crawl's pages, not a chapter. */
  private book(totals: { ok: number; failed: number; queued: number }): { chaptersDone: number; chaptersTotal: number | null } {
    const total = this.view?.stats.total ?? null;
    const done = totals.ok + totals.failed;
    return { chaptersDone: Math.max(0, done - 1), chaptersTotal: total === null || total < 1 ? null : total - 1 };
  }

  private hostOf(url: string): HostCounts {
    let host: string;
    let origin: string;
    try {
      const u = new URL(url);
      host = u.host;
      origin = u.origin;
    } catch {
      host = origin = url;
    }
    let h = this.byHost.get(host);
    if (h === undefined) {
      h = { origin, ok: 0, failed: 0 };
      this.byHost.set(host, h);
    }
    return h;
  }

  private hosts(): HostStats[] {
    const live = new Map((this.endedAt === null ? (this.view?.hosts() ?? []) : []).map((h) => [h.host, h]));
    const names = new Set([...this.byHost.keys(), ...live.keys()]);
    return [...names].sort().map((host): HostStats => {
      const c = this.byHost.get(host);
      const v = live.get(host);
      return {
        origin: c?.origin ?? `http://${host}`,
        inFlight: v?.inFlight ?? 0,
        queued: v?.queued ?? 0,
        ok: c?.ok ?? 0,
        failed: c?.failed ?? 0,
        delayMs: v?.delayMs ?? 0,
        crawlDelayMs: v?.crawlDelayMs ?? null,
        pausedUntil: v?.pausedUntil ?? null,
      };
    });
  }

  /** A shared crawl's workers, read in the background (a snapshot never waits for Redis). */
  private refreshWorkers(): void {
    const read = this.view?.workers;
    if (read === undefined || this.readingWorkers || this.now() - this.workersReadAt < WORKERS_EVERY_MS) return;
    this.readingWorkers = true;
    this.workersReadAt = this.now();
    read()
      .then((status) => {
        const now = this.now();
        this.workers = status.workers.map((w): WorkerStats => {
          const a = w.activity;
          const doing = a === null && status.finished !== null ? "finished" : describeWorker(a, w.lastSeen, now);
          return { id: w.worker, doing, inFlight: a?.inFlight ?? 0, leased: a?.leased ?? 0, done: w.done, lastSeen: w.lastSeen };
        });
      })
      .catch(() => {}) // the crawl reports a lost Redis itself; the table keeps its last rows
      .finally(() => (this.readingWorkers = false));
  }
}
