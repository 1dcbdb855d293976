/**
 * `corio crawl status --state FILE [--json]`: progress of a crawl kept in a state file —
 * the whole crawl's counts (the summary's `totals`) and its failures and skips by reason
 * (`errors.jsonl` by reason), read from the state as the crawl left it.
 *
 * `corio crawl status --frontier redis://… --crawl-id NAME [--json]`: progress of a
 * shared crawl — done, queued, leased, failed, skipped, and per worker its pages and
 * pages/s (between its first and its latest heartbeat).
 * @module
 */
import { existsSync } from "node:fs";
import { UsageError } from "../../errors.js";
import type { FrontierCounts } from "../../frontier/frontier.js";
import type { CrawlStatus } from "../../frontier/redis-status.js";
import { reasonCounts } from "../../report/reasons.js";
import type { CliIo } from "../run-cli.js";

/** Options of {@link crawlStatus}: a state file, or a Redis crawl. */
export interface StatusOptions {
  /** A crawl's SQLite state file. */
  state?: string;
  frontier?: string;
  crawlId?: string;
  json?: boolean;
}

/** What `status --state` shows: the counts and the reasons of the crawl in a state file. */
export interface StateStatus {
  state: string;
  /** The state's counts: the summary's `totals` (whose `queued` is `queued + leased`). */
  counts: FrontierCounts;
  /** Failed and skipped URLs by reason: the lines of `errors.jsonl`. */
  reasons: Record<string, { outcome: "failed" | "skipped"; count: number }>;
  /** When the crawl ended with every URL done (ISO time), or `null`. */
  finished: string | null;
}

/**
 * Print the status; resolves to the exit code.
 *
 * @example
 * ```ts
 * await crawlStatus({ state: "out/pages.crawl.db", json: true }, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
 * ```
 */
export async function crawlStatus(o: StatusOptions, io: CliIo): Promise<number> {
  if (o.state !== undefined) {
    const status = await readStateStatus(o.state);
    io.stdout(o.json ? `${JSON.stringify(status, null, 2)}\n` : formatStateStatus(status));
    return 0;
  }
  if (o.frontier === undefined || o.crawlId === undefined) {
    throw new UsageError("status needs --state <file> (a local crawl) or --frontier <redis-url> with --crawl-id <name> (a shared crawl)");
  }
  const { RedisFrontier } = await import("../../frontier/redis-frontier.js");
  const frontier = await RedisFrontier.connect(o.frontier, { crawlId: o.crawlId });
  try {
    const status = await frontier.status();
    io.stdout(o.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status, Date.now()));
    return 0;
  } finally {
    await frontier.close();
  }
}

/** Read the counts and reasons of the crawl in the state file at `path`. */
export async function readStateStatus(path: string): Promise<StateStatus> {
  if (!existsSync(path)) throw new UsageError(`no state file at ${path}; pass the --state of a crawl (default: beside its output, e.g. out/book.crawl.db)`, { option: "--state" });
  const { SqliteFrontier } = await import("../../frontier/sqlite-frontier.js");
  const frontier = SqliteFrontier.open(path);
  try {
    const counts = await frontier.counts();
    const reasons = [...(await reasonCounts(frontier.problems()))].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
    return { state: path, counts, reasons: Object.fromEntries(reasons), finished: await frontier.getMeta("finished") };
  } finally {
    await frontier.close();
  }
}

/** The human form of a state file's status. */
export function formatStateStatus(s: StateStatus): string {
  const c = s.counts;
  const lines = [
    `crawl in ${s.state}: ${s.finished ? `finished ${s.finished}` : c.queued + c.leased > 0 ? "not finished (run its command again to resume)" : "idle"}`,
    `  done ${c.ok + c.failed} (ok ${c.ok}, failed ${c.failed}), skipped ${c.skipped}, queued ${c.queued + c.leased}`,
  ];
  const reasons = Object.entries(s.reasons);
  if (reasons.length > 0) lines.push(`  reasons: ${reasons.map(([reason, r]) => `${reason} (${r.outcome}) ×${r.count}`).join(", ")}`);
  return `${lines.join("\n")}\n`;
}

/** The human form of a status, e.g. for `corio crawl status`. */
export function formatStatus(s: CrawlStatus, now: number): string {
  const c = s.counts;
  const lines = [
    `crawl '${s.crawlId}': ${s.finished ? `finished ${s.finished}` : c.queued + c.leased > 0 ? "running" : "idle"}`,
    `  done ${c.ok + c.failed} (ok ${c.ok}, failed ${c.failed}), skipped ${c.skipped}, queued ${c.queued}, leased ${c.leased}`,
  ];
  if (s.workers.length > 0) lines.push("  workers:");
  for (const w of s.workers) {
    const ago = Math.max(0, Math.round((now - w.lastSeen) / 1000));
    lines.push(`    ${w.worker}  ${w.done} pages  ${w.pagesPerSec.toFixed(1)} pages/s  last seen ${ago}s ago`);
  }
  return `${lines.join("\n")}\n`;
}
