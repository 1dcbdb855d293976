/**
 * A scripted crawl for the dashboard page's tests and screenshots: the snapshot a crawl of
 * three hosts would produce `seconds` into its run, computed (no randomness), so a test
 * knows every number the page must show and a screenshot looks like a real crawl.
 */
import type { CrawlSummary } from "../../src/report/summary.js";
import { STATS_SCHEMA, type CrawlPhase, type SeriesPoint, type StatsSnapshot } from "../../src/dashboard/stats-snapshot.js";

const STARTED_AT = Date.UTC(2026, 11, 5, 22, 10, 0);
const TOTAL = 1200;
const ORIGINS = ["https://books.example", "https://cdn.example", "https://slow.example"];

/** Pages done after `t` seconds: fast at first, a slow patch in the middle (a Retry-After). */
function pagesAt(t: number): number {
  const r = t < 20 ? 14 * t : t < 30 ? 280 + 3 * (t - 20) : 310 + 12 * (t - 30);
  return Math.min(TOTAL, Math.round(r + 2 * Math.sin(t)));
}

function seriesUntil(seconds: number): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (let t = 0; t <= seconds; t++) {
    const pages = pagesAt(t);
    out.push({ t: t * 1000, pages, bytes: pages * 48_213 + t * 911, failed: Math.floor(pages / 60), inFlight: t === 0 ? 0 : 8 });
  }
  return out;
}

/** The snapshot `seconds` into the scripted crawl, in `phase`. */
export function scriptedSnapshot(seconds: number, phase: CrawlPhase = "running"): StatsSnapshot {
  const series = seriesUntil(seconds);
  const last = series[series.length - 1]!;
  const prev = series[Math.max(0, series.length - 4)]!;
  const dt = Math.max(1, (last.t - prev.t) / 1000);
  const failed = last.failed;
  const skipped = Math.floor(last.pages / 25);
  const ok = last.pages - failed;
  const finished = phase === "finished";
  const inFlight = finished ? 0 : Math.min(8, TOTAL - last.pages);
  const queued = finished ? 0 : TOTAL - last.pages - inFlight;
  const pagesPerSecond = Math.round(((last.pages - prev.pages) / dt) * 10) / 10;
  const statusCodes: Record<string, number> = { "200": ok - Math.floor(ok / 12), "301": Math.floor(ok / 12), "404": Math.ceil(failed / 2), "503": Math.floor(failed / 2) };
  const reasons: StatsSnapshot["reasons"] = {
    "http 404": { outcome: "failed", count: Math.ceil(failed / 2) },
    "http 503 after 3 retries": { outcome: "failed", count: Math.floor(failed / 2) },
    "off-site link": { outcome: "skipped", count: skipped },
  };
  const endedAt = finished ? STARTED_AT + seconds * 1000 : null;
  const summary: CrawlSummary | null = finished
    ? {
        state: "done", pages: last.pages, ok, failed, skipped, retries: failed * 2, bytes: last.bytes, seconds,
        pagesPerSecond: Math.round((last.pages / seconds) * 10) / 10,
        totals: { ok, failed, skipped, queued: 0 }, statusHistogram: statusCodes, retryHistogram: { "1": failed, "2": failed },
        reasons, topErrors: Object.entries(reasons).map(([reason, r]) => ({ reason, ...r })),
        replacementChars: 0, literalReplacementChars: 0, pagesWithReplacementChars: 0, damagedPages: [],
        output: "books.jsonl", errorsFile: "books.errors.jsonl", state_file: "books.crawl.db",
      }
    : null;
  return {
    schema: STATS_SCHEMA,
    mode: "site",
    phase,
    command: "corio crawl site https://books.example/ -o books.jsonl --concurrency 8 --dashboard 0",
    start: ["https://books.example/"],
    startedAt: STARTED_AT,
    endedAt,
    elapsedMs: seconds * 1000,
    counts: { ok, failed, skipped, queued, inFlight, retries: failed * 2, bytes: last.bytes },
    totals: { ok, failed, skipped, queued },
    rate: { pagesPerSecond, bytesPerSecond: Math.round((last.bytes - prev.bytes) / dt) },
    etaSeconds: finished || pagesPerSecond === 0 ? null : Math.round(queued / pagesPerSecond),
    series,
    latency: {
      p50: 84, p90: 310, p99: 1240, max: 2950,
      histogram: [
        { leMs: 50, count: Math.round(ok * 0.2) }, { leMs: 100, count: Math.round(ok * 0.38) },
        { leMs: 250, count: Math.round(ok * 0.25) }, { leMs: 500, count: Math.round(ok * 0.1) },
        { leMs: 1000, count: Math.round(ok * 0.05) }, { leMs: null, count: Math.round(ok * 0.02) },
      ],
    },
    statusCodes,
    hosts: ORIGINS.map((origin, i) => ({
      origin,
      inFlight: finished ? 0 : [5, 2, 1][i]!,
      queued: finished ? 0 : Math.round(queued * [0.6, 0.3, 0.1][i]!),
      ok: Math.round(ok * [0.7, 0.25, 0.05][i]!),
      failed: i === 2 ? failed : 0,
      delayMs: [250, 0, 2000][i]!,
      crawlDelayMs: i === 2 ? 2000 : null,
      pausedUntil: i === 2 && !finished ? STARTED_AT + (seconds + 42) * 1000 : null,
    })),
    recentErrors: Array.from({ length: Math.min(6, failed) }, (_, i) => ({
      at: STARTED_AT + (seconds - i * 3) * 1000,
      url: `https://slow.example/catalogue/page-${40 - i}.html`,
      outcome: "failed" as const,
      reason: i % 2 ? "http 404" : "http 503 after 3 retries",
      status: i % 2 ? 404 : 503,
    })),
    reasons,
    book: null,
    workers: null,
    summary,
  };
}
