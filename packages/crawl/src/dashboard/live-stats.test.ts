import { describe, expect, it } from "vitest";
import { CrawlStats } from "../report/stats.js";
import { buildSummary } from "../report/summary.js";
import type { EngineView, HostView } from "./crawl-observer.js";
import { LiveStats, MAX_SERIES_POINTS, RECENT_ERRORS } from "./live-stats.js";
import type { CrawlStatus } from "../frontier/redis-status.js";
import type { WorkerActivity } from "../frontier/worker-activity.js";

/** A fake engine: its counters, hosts and flags are the test's to set. */
function fakeEngine() {
  const state = { inFlight: 0, paused: false, stopping: false, hosts: [] as HostView[] };
  const stats = new CrawlStats();
  const view: EngineView = { stats, inFlight: () => state.inFlight, hosts: () => state.hosts, paused: () => state.paused, stopping: () => state.stopping };
  return { state, stats, view };
}

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe("LiveStats", () => {
  it("reads the engine's own counters, and takes the summary's values once finished", () => {
    const c = clock();
    const live = new LiveStats({ mode: "site", command: "corio crawl site http://a/", start: ["http://a/"], now: c.now });
    expect(live.snapshot().phase).toBe("starting");
    const { state, stats, view } = fakeEngine();
    stats.refresh({ queued: 1, leased: 0, ok: 0, failed: 0, skipped: 0 });
    live.attached(view);
    state.inFlight = 1;
    stats.record("ok", { queued: 2, skipped: 1 });
    stats.page(200, 0);
    stats.bytes += 500;
    let s = live.snapshot();
    expect(s.phase).toBe("running");
    expect(s.counts).toEqual({ ok: 1, failed: 0, skipped: 1, queued: 2, inFlight: 1, retries: 0, bytes: 500 });
    expect(s.totals).toEqual({ ok: 1, failed: 0, skipped: 1, queued: 2 });
    expect(s.statusCodes).toEqual({ "200": 1 });
    state.paused = true;
    expect(live.snapshot().phase).toBe("paused");
    state.stopping = true;
    expect(live.snapshot().phase).toBe("stopping");

    c.t += 2_000;
    const summary = buildSummary(stats, new Map([["out-of-scope", { outcome: "skipped", count: 1 }]]), { output: "o", errorsFile: "e", state: "s" }, "done");
    live.finished(summary);
    s = live.snapshot();
    expect(s.phase).toBe("finished");
    expect(s.endedAt).toBe(c.t);
    expect(s.summary).toEqual(summary);
    // --json's fields are a subset of /api/stats, with the same names and values.
    for (const k of ["ok", "failed", "skipped", "retries", "bytes"] as const) expect(s.counts[k]).toBe(summary[k]);
    expect(s.totals).toEqual(summary.totals);
    expect(s.statusCodes).toEqual(summary.statusHistogram);
    expect(s.reasons).toEqual(summary.reasons);
    expect(s.counts.inFlight).toBe(0);
    expect(s.etaSeconds).toBe(0);
    c.t += 5_000;
    expect(live.snapshot().elapsedMs).toBe(2_000); // frozen at the end
  });

  it("keeps the newest errors first, at most RECENT_ERRORS, and counts reasons and per-host outcomes", () => {
    const live = new LiveStats({ mode: "site", command: "c", start: ["http://a/"] });
    live.attached(fakeEngine().view);
    for (let i = 0; i < RECENT_ERRORS + 5; i++) live.completed(`http://a/${i}`, { state: "failed", reason: "http-404", attempts: 1, status: 404, error: null });
    live.completed("http://b:8080/x", { state: "skipped", reason: "robots-disallowed" });
    live.completed("http://b:8080/y", { state: "ok", data: null, attempts: 1, status: 200 });
    const s = live.snapshot();
    expect(s.recentErrors).toHaveLength(RECENT_ERRORS);
    expect(s.recentErrors[0]).toMatchObject({ url: "http://b:8080/x", outcome: "skipped", reason: "robots-disallowed" });
    expect(s.recentErrors[1]).toMatchObject({ url: `http://a/${RECENT_ERRORS + 4}`, status: 404 });
    expect(s.reasons).toEqual({ "http-404": { outcome: "failed", count: RECENT_ERRORS + 5 }, "robots-disallowed": { outcome: "skipped", count: 1 } });
    expect(s.hosts.map((h) => [h.origin, h.ok, h.failed])).toEqual([
      ["http://a", 0, RECENT_ERRORS + 5],
      ["http://b:8080", 1, 0],
    ]);
  });

  it("shows the scheduler's hosts with their queue, delay and pause", () => {
    const { state, view } = fakeEngine();
    const live = new LiveStats({ mode: "site", command: "c", start: ["http://a/"] });
    live.attached(view);
    state.hosts = [{ host: "a", inFlight: 2, queued: 7, delayMs: 500, crawlDelayMs: 500, pausedUntil: 123 }];
    live.fetched("http://a/1", 200, 10, 42);
    expect(live.snapshot().hosts).toEqual([{ origin: "http://a", inFlight: 2, queued: 7, ok: 0, failed: 0, delayMs: 500, crawlDelayMs: 500, pausedUntil: 123 }]);
    expect(live.snapshot().latency.max).toBe(42);
  });

  it("measures the rate over the last seconds and the ETA from what is left", () => {
    const c = clock();
    const { stats, view } = fakeEngine();
    const live = new LiveStats({ mode: "site", command: "c", start: ["http://a/"], now: c.now });
    live.attached(view); // t = 0, 0 pages
    for (let i = 1; i <= 10; i++) {
      c.t += 1_000;
      stats.record("ok", { queued: 0, skipped: 0 });
      stats.record("ok", { queued: 0, skipped: 0 });
      live.sample();
    }
    stats.crawl.queued = 40;
    const s = live.snapshot();
    expect(s.rate.pagesPerSecond).toBe(2);
    expect(s.etaSeconds).toBe(20);
    expect(s.series.at(-1)).toMatchObject({ t: 10_000, pages: 20 });
  });

  it("thins the series past MAX_SERIES_POINTS, keeping the first and latest points", () => {
    const c = clock();
    const live = new LiveStats({ mode: "site", command: "c", start: [], now: c.now });
    live.attached(fakeEngine().view);
    for (let i = 0; i < MAX_SERIES_POINTS * 3; i++) {
      c.t += 1_000;
      live.sample();
    }
    const series = live.snapshot().series;
    expect(series.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(series.length).toBeGreaterThan(MAX_SERIES_POINTS / 4);
    expect(series[0]!.t).toBe(0);
    expect(series.at(-1)!.t).toBeGreaterThanOrEqual((MAX_SERIES_POINTS * 3 - 8) * 1000);
    for (let i = 1; i < series.length; i++) expect(series[i]!.t).toBeGreaterThan(series[i - 1]!.t);
  });

  it("book mode: chapters are the crawl's pages without the index", () => {
    const { stats, view } = fakeEngine();
    const live = new LiveStats({ mode: "book", command: "c", start: ["http://a/book/"] });
    live.attached(view);
    expect(live.snapshot().book).toEqual({ chaptersDone: 0, chaptersTotal: null });
    stats.refresh({ queued: 9, leased: 0, ok: 1, failed: 0, skipped: 0 });
    stats.total = 10;
    expect(live.snapshot().book).toEqual({ chaptersDone: 0, chaptersTotal: 9 });
  });

  it("shows a Redis crawl's workers as their published activity says: doing, in flight, leased, pages done, last seen", async () => {
    const c = clock();
    const live = new LiveStats({ mode: "site", command: "x", start: [], now: c.now });
    const { view } = fakeEngine();
    const activity = (over: Partial<WorkerActivity>): WorkerActivity => ({ state: "running", inFlight: 0, waiting: 0, hosts: [], leased: 0, leaseMs: 30_000, ...over });
    const status: CrawlStatus = {
      crawlId: "c",
      counts: { queued: 5, leased: 3, ok: 7, failed: 0, skipped: 0 },
      finished: null,
      workers: [
        { worker: "w1", done: 5, startedAt: c.t - 9_000, lastSeen: c.t - 500, pagesPerSec: 0.5, activity: activity({ inFlight: 2, hosts: [["a.test", 2]], leased: 3 }) },
        { worker: "w2", done: 2, startedAt: c.t - 9_000, lastSeen: c.t - 60_000, pagesPerSec: 0.1, activity: activity({ inFlight: 1, hosts: [["a.test", 1]], leased: 1 }) },
        { worker: "w3", done: 0, startedAt: c.t - 9_000, lastSeen: c.t - 100, pagesPerSec: 0, activity: activity({ state: "paused" }) },
      ],
    };
    let reads = 0;
    live.attached({ ...view, workers: async () => (reads++, status) });
    await expect.poll(() => live.snapshot().workers?.length).toBe(3);
    expect(live.snapshot().workers).toEqual([
      { id: "w1", doing: "fetching 2: a.test ×2", inFlight: 2, leased: 3, done: 5, lastSeen: c.t - 500 },
      { id: "w2", doing: "silent for 60 s (its URLs went back to the queue)", inFlight: 1, leased: 1, done: 2, lastSeen: c.t - 60_000 },
      { id: "w3", doing: "paused", inFlight: 0, leased: 0, done: 0, lastSeen: c.t - 100 },
    ]);
    // Read from Redis at most every 2 s, whatever the sampling rate.
    for (let i = 0; i < 10; i++) {
      c.t += 100;
      live.sample(true);
    }
    expect(reads).toBe(1);
  });
});
