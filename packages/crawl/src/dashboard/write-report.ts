/**
 * `--report report.html`: the dashboard page in report mode with the final snapshot embedded,
 * written atomically once the crawl ended. The page's renderer (`render-report.ts`) belongs
 * to the page; until a build has it, a plain self-contained page of tables is written, so
 * `--report` never fails for want of charts.
 *
 * Not written by default: a file the user did not ask for, in a directory they chose for the
 * crawl's output, surprises more than it helps; `corio crawl report` writes it later from the
 * state when it is wanted after all.
 * @module
 */
import { writeFileAtomic } from "../output/atomic-file.js";
import type { ReportMeta } from "./report-data.js";
import type { StatsSnapshot } from "./stats-snapshot.js";

type Render = (snapshot: StatsSnapshot, history: StatsSnapshot["series"], meta: ReportMeta) => string;

/** The page's report renderer, when this build has it. */
async function pageRenderer(): Promise<Render | null> {
  const module = "./render-report.js"; // a variable: the renderer is optional at build time
  try {
    const m = (await import(module)) as { renderReport?: Render };
    return m.renderReport ?? null;
  } catch {
    return null;
  }
}

/**
 * Write the report of a finished crawl.
 *
 * @example
 * ```ts
 * await writeReport("out/report.html", live.snapshot());
 * ```
 * @param notes extra `name value` rows of the report's run table (e.g. that its data was capped)
 */
export async function writeReport(path: string, snapshot: StatsSnapshot, notes?: ReportMeta["options"]): Promise<void> {
  const render = await pageRenderer();
  let html: string | null = null;
  if (render !== null) {
    try {
      html = render(snapshot, snapshot.series, { generatedAt: Date.now(), ...(notes === undefined ? {} : { options: notes }) });
    } catch {
      html = null; // the page file is missing from this install: the tables still help
    }
  }
  await writeFileAtomic(path, html ?? plainReport(snapshot));
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function table(title: string, head: string[], rows: (string | number | null)[][]): string {
  if (rows.length === 0) return `<h2>${esc(title)}</h2><p>none</p>`;
  const cells = (r: (string | number | null)[], tag: string) => r.map((c) => `<${tag}>${esc(String(c ?? "-"))}</${tag}>`).join("");
  return `<h2>${esc(title)}</h2><table><thead><tr>${cells(head, "th")}</tr></thead><tbody>${rows.map((r) => `<tr>${cells(r, "td")}</tr>`).join("")}</tbody></table>`;
}

/** A report without the page: the same numbers as tables, and the snapshot embedded as JSON. */
export function plainReport(s: StatsSnapshot): string {
  const json = JSON.stringify({ snapshot: s, history: s.series, meta: { generatedAt: Date.now() } }).replace(/</g, "\\u003c");
  const c = s.counts;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>corio crawl report</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#111;background:#fff}table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #999;padding:2px 8px;text-align:left}</style></head><body>
<h1>corio crawl report</h1><p><code>${esc(s.command)}</code></p>
<p>${esc(new Date(s.startedAt).toISOString())} → ${s.endedAt === null ? "not finished" : esc(new Date(s.endedAt).toISOString())} (${(s.elapsedMs / 1000).toFixed(1)} s), ${esc(s.summary?.state ?? s.phase)}</p>
${table("This run", ["ok", "failed", "skipped", "retries", "bytes"], [[c.ok, c.failed, c.skipped, c.retries, c.bytes]])}
${table("Whole crawl", ["ok", "failed", "skipped", "queued"], [[s.totals.ok, s.totals.failed, s.totals.skipped, s.totals.queued]])}
${table("Response times (ms)", ["p50", "p90", "p99", "max"], [[s.latency.p50, s.latency.p90, s.latency.p99, s.latency.max]])}
${table("Status codes", ["status", "pages"], Object.entries(s.statusCodes))}
${table("Hosts", ["origin", "ok", "failed", "delay ms"], s.hosts.map((h) => [h.origin, h.ok, h.failed, h.delayMs]))}
${table("Reasons", ["reason", "outcome", "count"], Object.entries(s.reasons).map(([r, v]) => [r, v.outcome, v.count]))}
${table("Latest errors", ["url", "outcome", "reason"], s.recentErrors.map((e) => [e.url, e.outcome, e.reason]))}
<script type="application/json" id="corio-report">${json}</script></body></html>
`;
}
