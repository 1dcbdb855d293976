/**
 * The final summary: pages, bytes, time, pages/s, status and retry histograms, top
 * errors, replacement characters — as text for people or JSON (`--json`) for scripts.
 * @module
 */
import type { CrawlStats } from "./stats.js";
import { incompleteLine, type IncompleteOutput } from "../output/partial.js";

/** The summary of a crawl (also the resolved value of `crawl()`). */
export interface CrawlSummary {
  /** `done` (every URL reached an end), `interrupted` (stopped; resume to continue). */
  state: "done" | "interrupted";
  /** Pages fetched in this run. */
  pages: number;
  ok: number;
  failed: number;
  skipped: number;
  retries: number;
  bytes: number;
  seconds: number;
  pagesPerSecond: number;
  /** Whole-crawl totals from the state (this run and earlier ones). */
  totals: { ok: number; failed: number; skipped: number; queued: number };
  statusHistogram: Record<string, number>;
  retryHistogram: Record<string, number>;
  /** Failure and skip reasons over the whole crawl, most frequent first. */
  topErrors: { reason: string; outcome: "failed" | "skipped"; count: number }[];
  replacementChars: number;
  pagesWithReplacementChars: number;
  damagedPages: string[];
  output: string;
  errorsFile: string;
  state_file: string;
  /** Set when the output is incomplete: it was written as `<stem>.partial<ext>` (DESIGN §6). */
  incomplete?: IncompleteOutput;
}

/** Build the summary from the run's stats and the whole crawl's totals. */
export function buildSummary(
  stats: CrawlStats,
  totals: CrawlSummary["totals"],
  reasons: Map<string, { outcome: "failed" | "skipped"; count: number }>,
  paths: { output: string; errorsFile: string; state: string },
  state: CrawlSummary["state"],
): CrawlSummary {
  const seconds = stats.elapsedSeconds();
  return {
    state,
    pages: stats.done,
    ok: stats.ok,
    failed: stats.failed,
    skipped: stats.skipped,
    retries: stats.retries,
    bytes: stats.bytes,
    seconds: Math.round(seconds * 1000) / 1000,
    pagesPerSecond: Math.round((stats.done / seconds) * 10) / 10,
    totals,
    statusHistogram: Object.fromEntries([...stats.statuses].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    retryHistogram: Object.fromEntries([...stats.retryHistogram].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    topErrors: [...reasons]
      .map(([reason, r]) => ({ reason, outcome: r.outcome, count: r.count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
      .slice(0, 10),
    replacementChars: stats.replacementChars,
    pagesWithReplacementChars: stats.damagedCount,
    damagedPages: stats.damagedPages,
    output: paths.output,
    errorsFile: paths.errorsFile,
    state_file: paths.state,
  };
}

function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

/**
 * The summary as a few lines of text.
 *
 * @example
 * ```ts
 * process.stderr.write(formatSummary(summary));
 * ```
 */
export function formatSummary(s: CrawlSummary): string {
  const hist = (h: Record<string, number>) => Object.entries(h).map(([k, v]) => `${k}×${v}`).join("  ") || "-";
  const lines = [
    `${s.state === "done" ? "Done" : "Interrupted (run the same command again to resume)"}: ${s.pages} pages in ${s.seconds.toFixed(1)} s (${s.pagesPerSecond} pages/s), ${bytesText(s.bytes)}`,
    `  ok ${s.ok}, failed ${s.failed}, skipped ${s.skipped}, retries ${s.retries}` +
      ` — whole crawl: ok ${s.totals.ok}, failed ${s.totals.failed}, skipped ${s.totals.skipped}, queued ${s.totals.queued}`,
    `  status: ${hist(s.statusHistogram)}`,
    `  retries per page: ${hist(s.retryHistogram)}`,
  ];
  if (s.topErrors.length > 0) lines.push(`  top reasons: ${s.topErrors.map((e) => `${e.reason} (${e.outcome}) ×${e.count}`).join(", ")}`);
  lines.push(
    s.replacementChars > 0
      ? `  replacement characters: ${s.replacementChars} in ${s.pagesWithReplacementChars} pages (e.g. ${s.damagedPages.slice(0, 3).join(", ")})`
      : "  replacement characters: 0",
  );
  lines.push(`  output: ${s.output}`, `  errors: ${s.errorsFile}`, `  state: ${s.state_file}`);
  if (s.incomplete) lines.push(incompleteLine(s.incomplete));
  return `${lines.join("\n")}\n`;
}
