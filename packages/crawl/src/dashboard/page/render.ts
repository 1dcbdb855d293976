/**
 * Draws one {@link StatsSnapshot} into the page. Live mode calls it on every event, report
 * mode once; it only reads the snapshot, so the same numbers give the same page.
 */
import type { SeriesPoint, StatsSnapshot } from "../stats-snapshot.js";
import { barChart, lineChart } from "./charts.js";
import { byId, el, fillRows, setText } from "./dom.js";
import * as fmt from "./format.js";

/** Per-second rates between consecutive points: `[seconds since start, Δvalue/Δt]`. */
export function ratesOf(series: readonly SeriesPoint[], key: "pages" | "bytes"): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i < series.length; i++) {
    const a = series[i - 1]!;
    const b = series[i]!;
    const dt = (b.t - a.t) / 1000;
    if (dt > 0) out.push([b.t / 1000, Math.max(0, (b[key] - a[key]) / dt)]);
  }
  return out;
}

/** The buckets from the first to the last that has responses: empty ends only crowd the labels. */
export function occupiedBuckets<T extends { count: number }>(buckets: readonly T[]): T[] {
  const first = buckets.findIndex((b) => b.count > 0);
  if (first < 0) return [];
  let last = buckets.length - 1;
  while (buckets[last]!.count === 0) last--;
  return buckets.slice(first, last + 1);
}

function stat(name: string, text: string): void {
  const e = document.querySelector<HTMLElement>(`[data-stat="${name}"]`);
  if (e) setText(e, text);
}

function link(url: string): HTMLAnchorElement {
  return el("a", url, { href: url, rel: "noreferrer" });
}

function renderCounts(s: StatsSnapshot): void {
  const c = s.counts;
  stat("ok", fmt.count(c.ok));
  stat("failed", fmt.count(c.failed));
  stat("skipped", fmt.count(c.skipped));
  stat("queued", fmt.count(c.queued));
  stat("inFlight", fmt.count(c.inFlight));
  stat("retries", fmt.count(c.retries));
  stat("bytes", fmt.bytes(c.bytes));
  stat("bytesPerSecond", fmt.bytes(s.phase === "finished" && s.elapsedMs > 0 ? (c.bytes * 1000) / s.elapsedMs : s.rate.bytesPerSecond));
  stat("elapsed", fmt.duration(s.elapsedMs / 1000));
  // Over the whole run once finished (what the summary says); the recent rate while running.
  const finished = s.phase === "finished";
  const pps = finished && s.summary ? s.summary.pagesPerSecond : s.rate.pagesPerSecond;
  stat("pagesPerSecond", fmt.rate(pps));
  stat("eta", finished ? "done" : s.etaSeconds === null ? "–" : fmt.duration(s.etaSeconds));
  byId("book-card").hidden = s.book === null;
  stat("chapters", s.book ? `${fmt.count(s.book.chaptersDone)} / ${s.book.chaptersTotal === null ? "?" : fmt.count(s.book.chaptersTotal)}` : "–");
}

function renderCharts(s: StatsSnapshot, series: readonly SeriesPoint[]): void {
  const pages = ratesOf(series, "pages");
  const bytes = ratesOf(series, "bytes");
  const peak = (r: [number, number][]) => Math.max(0, ...r.map((p) => p[1]));
  lineChart(byId<SVGSVGElement>("chart-pages"), pages, (v) => fmt.rate(v), `Pages per second over ${fmt.duration(s.elapsedMs / 1000)}, peak ${fmt.rate(peak(pages))}`);
  lineChart(byId<SVGSVGElement>("chart-bytes"), bytes, (v) => `${fmt.bytes(v)}/s`, `Bytes per second, peak ${fmt.bytes(peak(bytes))}/s`);
  const l = s.latency;
  const pct = (["p50", "p90", "p99", "max"] as const).map((k) => ({ label: k, value: l[k] ?? 0 }));
  barChart(byId<SVGSVGElement>("chart-latency"), l.p50 === null ? [] : pct, `Response times in ms: ${pct.map((p) => `${p.label} ${p.value}`).join(", ")}`);
  const hist = occupiedBuckets(l.histogram).map((b) => ({ label: b.leMs === null ? "more" : `≤${fmt.count(b.leMs)}`, value: b.count }));
  barChart(byId<SVGSVGElement>("chart-histogram"), hist, "Response time histogram in ms buckets");
  const codes = Object.entries(s.statusCodes).sort((a, b) => Number(a[0]) - Number(b[0]));
  barChart(
    byId<SVGSVGElement>("chart-status"),
    codes.map(([code, n]) => ({ label: code, value: n, kind: `s${code[0] ?? "0"}xx` })),
    `HTTP status codes: ${codes.map(([c, n]) => `${c} ×${n}`).join(", ") || "none yet"}`,
  );
}

function renderTables(s: StatsSnapshot): void {
  const now = s.endedAt ?? s.startedAt + s.elapsedMs;
  fillRows(
    byId<HTMLTableSectionElement>("hosts"),
    s.hosts.map((h) => [
      h.origin,
      fmt.count(h.inFlight),
      fmt.count(h.queued),
      fmt.count(h.ok),
      fmt.count(h.failed),
      fmt.ms(h.delayMs),
      fmt.ms(h.crawlDelayMs),
      h.pausedUntil !== null && h.pausedUntil > now ? `for ${fmt.duration((h.pausedUntil - now) / 1000)}` : "–",
    ]),
    "no host yet",
  );
  fillRows(
    byId<HTMLTableSectionElement>("errors"),
    s.recentErrors.map((e) => [fmt.clock(e.at), e.outcome, e.reason, e.status === undefined ? "–" : String(e.status), link(e.url)]),
    "no errors",
  );
  const reasons = Object.entries(s.reasons).sort((a, b) => b[1].count - a[1].count);
  fillRows(
    byId<HTMLTableSectionElement>("reasons"),
    reasons.map(([reason, r]) => {
      const example = s.recentErrors.find((e) => e.reason === reason);
      return [reason, r.outcome, fmt.count(r.count), example ? link(example.url) : "–"];
    }),
    "no errors",
  );
  byId("workers-section").hidden = s.workers === null;
  fillRows(
    byId<HTMLTableSectionElement>("workers"),
    (s.workers ?? []).map((w) => [w.id, w.doing, fmt.count(w.inFlight), fmt.count(w.leased), fmt.count(w.done), fmt.clock(w.lastSeen)]),
    "no worker yet",
  );
}

function renderRun(s: StatsSnapshot, extra: [string, string][]): void {
  const rows: [string, string][] = [
    ["command", s.command],
    ["mode", s.mode],
    ["started", fmt.dateTime(s.startedAt)],
    ["ended", s.endedAt === null ? "–" : fmt.dateTime(s.endedAt)],
    ["whole crawl", `ok ${fmt.count(s.totals.ok)} · failed ${fmt.count(s.totals.failed)} · skipped ${fmt.count(s.totals.skipped)} · queued ${fmt.count(s.totals.queued)}`],
    ...extra,
  ];
  if (s.summary) rows.push(["summary", `${s.summary.state}: ${fmt.count(s.summary.pages)} pages in ${fmt.duration(s.summary.seconds)} (${fmt.rate(s.summary.pagesPerSecond)} pages/s), output ${s.summary.output}`]);
  byId("run").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
}

/** Draw `s`; `series` replaces `s.series` (the report's unthinned history), `extra` adds run rows. */
export function render(s: StatsSnapshot, series: readonly SeriesPoint[] = s.series, extra: [string, string][] = []): void {
  const phase = byId("phase");
  setText(phase, s.phase);
  phase.className = `phase ${s.phase}`;
  setText(byId("start"), s.start.join(" "));
  document.title = `corio crawl · ${s.phase} · ${fmt.count(s.counts.ok)} ok`;
  renderCounts(s);
  renderCharts(s, series);
  renderTables(s);
  renderRun(s, extra);
}
