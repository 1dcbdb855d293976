/**
 * The final summary: pages, bytes, time, pages/s, this run's and the whole crawl's
 * outcome counts side by side, status and retry histograms, the reasons of
 * `errors.jsonl`, undecodable bytes — as text for people or JSON (`--json`) for scripts.
 * @module
 */
import type { CrawlStats } from "./stats.js";
import { incompleteLine, type IncompleteOutput } from "../output/partial.js";
import type { ReasonCounts } from "./reasons.js";

/** The summary of a crawl (also the resolved value of `crawl()`). */
export interface CrawlSummary {
  /** `done` (every URL reached an end), `interrupted` (stopped; resume to continue). */
  state: "done" | "interrupted";
  /** Pages fetched to an end in this run (`ok + failed`). */
  pages: number;
  /** This run: pages recorded (`ok` = records written by this run). */
  ok: number;
  /** This run: pages that failed for good. */
  failed: number;
  /** This run: URLs skipped (at discovery, at a redirect, or `max-pages` at the end). */
  skipped: number;
  retries: number;
  bytes: number;
  seconds: number;
  pagesPerSecond: number;
  /**
   * The whole crawl (this run and earlier ones, and other workers): the state's counts,
   * as `corio crawl status` shows them. On a fresh run equal to this run's. `ok` is the
   * number of records in the output; `failed + skipped` the lines of `errors.jsonl`.
   */
  totals: { ok: number; failed: number; skipped: number; queued: number };
  statusHistogram: Record<string, number>;
  retryHistogram: Record<string, number>;
  /** Every failure and skip reason of the whole crawl with its count: `errors.jsonl` by reason. */
  reasons: Record<string, { outcome: "failed" | "skipped"; count: number }>;
  /** The ten most frequent of {@link reasons}, most frequent first. */
  topErrors: { reason: string; outcome: "failed" | "skipped"; count: number }[];
  /** U+FFFD that stand for bytes that failed to decode (this run). */
  replacementChars: number;
  /** U+FFFD the pages' text itself contains (valid; not damage) (this run). */
  literalReplacementChars: number;
  /** Pages with bytes that failed to decode (this run). */
  pagesWithReplacementChars: number;
  /** The first 20 of those pages. */
  damagedPages: string[];
  output: string;
  errorsFile: string;
  state_file: string;
  /** Set when the output is incomplete: it was written as `<stem>.partial<ext>` (DESIGN §6). */
  incomplete?: IncompleteOutput;
}

/** Build the summary from the run's stats (whole-crawl counts included) and `errors.jsonl`'s reasons. */
export function buildSummary(
  stats: CrawlStats,
  reasons: ReasonCounts,
  paths: { output: string; errorsFile: string; state: string },
  state: CrawlSummary["state"],
): CrawlSummary {
  const seconds = stats.elapsedSeconds();
  const byCount = [...reasons]
    .map(([reason, r]) => ({ reason, outcome: r.outcome, count: r.count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return {
    state,
    pages: stats.done,
    ok: stats.run.ok,
    failed: stats.run.failed,
    skipped: stats.run.skipped,
    retries: stats.retries,
    bytes: stats.bytes,
    seconds: Math.round(seconds * 1000) / 1000,
    pagesPerSecond: Math.round((stats.done / seconds) * 10) / 10,
    totals: { ok: stats.crawl.ok, failed: stats.crawl.failed, skipped: stats.crawl.skipped, queued: stats.crawl.queued },
    statusHistogram: Object.fromEntries([...stats.statuses].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    retryHistogram: Object.fromEntries([...stats.retryHistogram].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    reasons: Object.fromEntries(byCount.map((r) => [r.reason, { outcome: r.outcome, count: r.count }])),
    topErrors: byCount.slice(0, 10),
    replacementChars: stats.replacementChars,
    literalReplacementChars: stats.literalReplacementChars,
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
  const t = s.totals;
  const width = Math.max(8, ...[s.ok, s.failed, s.skipped].map((n) => String(n).length));
  const row = (name: string, run: number | string, whole: number) => `  ${name.padEnd(8)} ${String(run).padStart(width)}   ${String(whole).padStart(11)}`;
  const lines = [
    `${s.state === "done" ? "Done" : "Interrupted (run the same command again to resume)"}: ${s.pages} pages in ${s.seconds.toFixed(1)} s (${s.pagesPerSecond} pages/s), ${bytesText(s.bytes)}, retries ${s.retries}`,
    `  ${"".padEnd(8)} ${"this run".padStart(width)}   ${"whole crawl".padStart(11)}`,
    row("ok", s.ok, t.ok),
    row("failed", s.failed, t.failed),
    row("skipped", s.skipped, t.skipped),
    row("queued", "-", t.queued),
    `  status: ${hist(s.statusHistogram)}`,
    `  retries per page: ${hist(s.retryHistogram)}`,
  ];
  if (s.topErrors.length > 0) lines.push(`  top reasons: ${s.topErrors.map((e) => `${e.reason} (${e.outcome}) ×${e.count}`).join(", ")}`);
  const literal = s.literalReplacementChars > 0 ? ` (${s.literalReplacementChars} more are part of the pages' text)` : "";
  lines.push(
    s.replacementChars > 0
      ? `  undecodable bytes: ${s.replacementChars} U+FFFD in ${s.pagesWithReplacementChars} pages (e.g. ${s.damagedPages.slice(0, 3).join(", ")})${literal}`
      : `  undecodable bytes: none${literal}`,
  );
  lines.push(`  output: ${s.output}`, `  errors: ${s.errorsFile}`, `  state: ${s.state_file}`);
  if (s.incomplete) lines.push(incompleteLine(s.incomplete));
  return `${lines.join("\n")}\n`;
}
