/**
 * `corio crawl status --state book.crawl.db [--json]`: progress of a local crawl, read
 * from its state file read-only — so it works while the crawl runs (SQLite in WAL mode
 * lets readers in beside the writer; the run's lock file only keeps other runs out) and
 * says which process is running it.
 * @module
 */
import { existsSync } from "node:fs";
import { sqliteDriver } from "../../frontier/sqlite-driver.js";
import { UsageError } from "../../errors.js";
import type { FrontierCounts } from "../../frontier/frontier.js";
import { lockHolder, type LockOwner } from "../../frontier/state-lock.js";
import { checkStateFile } from "../../preflight/paths.js";
import { countReason, type ReasonCounts } from "../../report/reasons.js";
import type { CliIo } from "../run-cli.js";

/** What {@link stateStatus} reports. */
export interface StateStatus {
  state: string;
  /** The crawl's identity: its mode and start URLs (null before its first run stored them). */
  crawl: { mode: string; startUrls: string[] } | null;
  /** The state's counts: the summary's `totals` (whose `queued` is `queued + leased`). */
  counts: FrontierCounts;
  /** Failed and skipped URLs by reason: the lines of `errors.jsonl`, the summary's `reasons`. */
  reasons: Record<string, { outcome: "failed" | "skipped"; count: number }>;
  /** When the crawl last reached its end (ISO time), or `null`. */
  finished: string | null;
  /** The run holding the state now, or `null` when none is running. */
  runningBy: LockOwner | null;
}

/** Read the status of the state file `path` without writing to it. */
export function readStateStatus(path: string): StateStatus {
  if (!existsSync(path)) throw new UsageError(`no state file at ${path}; check the path (it defaults to beside the output: book.md → book.crawl.db)`, { option: "--state" });
  checkStateFile(path);
  const db = new (sqliteDriver())(path, { readonly: true, fileMustExist: true });
  try {
    const counts: FrontierCounts = { queued: 0, leased: 0, ok: 0, failed: 0, skipped: 0 };
    const hasUrls = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'urls'").get() !== undefined;
    if (hasUrls) {
      for (const { state, n } of db.prepare("SELECT state, COUNT(*) AS n FROM urls GROUP BY state").all() as { state: string; n: number }[]) {
        if (state in counts) counts[state as keyof FrontierCounts] = n;
      }
    }
    const reasons: ReasonCounts = new Map();
    if (hasUrls) {
      const rows = db.prepare("SELECT state AS outcome, reason FROM urls WHERE state IN ('failed', 'skipped')").iterate() as Iterable<{ outcome: "failed" | "skipped"; reason: string }>;
      for (const row of rows) countReason(reasons, row);
    }
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
    const meta = (k: string) => (hasMeta ? ((db.prepare("SELECT v FROM meta WHERE k = ?").get(k) as { v: string } | undefined)?.v ?? null) : null);
    const identity = meta("identity");
    return {
      state: path,
      crawl: identity === null ? null : (JSON.parse(identity) as StateStatus["crawl"]),
      counts,
      reasons: Object.fromEntries([...reasons].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))),
      finished: meta("finished"),
      runningBy: lockHolder(path),
    };
  } finally {
    db.close();
  }
}

/** The human form of a {@link StateStatus}. */
export function formatStateStatus(s: StateStatus): string {
  const c = s.counts;
  const open = c.queued + c.leased;
  const what = s.runningBy !== null
    ? `running (pid ${s.runningBy.pid}${s.runningBy.host ? ` on ${s.runningBy.host}` : ""}, started ${s.runningBy.started})`
    : open === 0 && s.finished !== null
      ? `finished ${s.finished}`
      : "stopped (run the same command again to resume)";
  const lines = [`state ${s.state}: ${what}`];
  if (s.crawl !== null) lines.push(`  crawl: ${s.crawl.mode} ${s.crawl.startUrls.join(" ")}`);
  lines.push(`  done ${c.ok + c.failed} (ok ${c.ok}, failed ${c.failed}), skipped ${c.skipped}, to do ${open}`);
  const reasons = Object.entries(s.reasons);
  if (reasons.length > 0) lines.push(`  reasons: ${reasons.map(([reason, r]) => `${reason} (${r.outcome}) ×${r.count}`).join(", ")}`);
  return `${lines.join("\n")}\n`;
}

/** Print the status of a local crawl; resolves to the exit code. */
export async function stateStatus(o: { state: string; json?: boolean }, io: CliIo): Promise<number> {
  const status = readStateStatus(o.state);
  io.stdout(o.json ? `${JSON.stringify(status, null, 2)}\n` : formatStateStatus(status));
  return 0;
}
