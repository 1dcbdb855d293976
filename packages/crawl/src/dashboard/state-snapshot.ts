/**
 * A finished crawl's {@link StatsSnapshot} rebuilt from its SQLite state, for
 * `corio crawl report --state X.crawl.db`: outcomes and reasons from `urls`, and from the
 * `fetches` rows (one per page fetched to an end, written with its outcome) the status
 * codes, response times, bytes, retries and the time series — read into a
 * {@link CrawlRecord}, which `crawl-record.ts` turns into the snapshot (as it does the
 * Redis frontier's, `frontier/redis-report.ts`).
 * @module
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { UsageError } from "../errors.js";
import { checkStateFile } from "../preflight/paths.js";
import { snapshotFromRecord, type CrawlRecord, type FetchRow } from "./crawl-record.js";
import type { StatsSnapshot } from "./stats-snapshot.js";

const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;

/**
 * Read the snapshot of the crawl whose state is `path` (read-only; also while it runs).
 *
 * @example
 * ```ts
 * const snapshot = snapshotFromState("out/book.crawl.db");
 * await writeReport("out/report.html", snapshot);
 * ```
 */
export function snapshotFromState(path: string, command = `corio crawl report --state ${path}`): StatsSnapshot {
  return snapshotFromRecord(recordFromState(path), command);
}

/** Read the {@link CrawlRecord} of the crawl whose state is `path`. */
export function recordFromState(path: string): CrawlRecord {
  if (!existsSync(path)) throw new UsageError(`no state file at ${path}; check the path (it defaults to beside the output: book.md → book.crawl.db)`, { option: "--state" });
  checkStateFile(path);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!table("urls") || !table("meta")) throw new UsageError(`${path} is not a corio crawl state file (no crawl in it); pass the .crawl.db of a crawl`, { option: "--state" });
    if (!table("fetches")) throw new UsageError(`${path} was written by an older corio crawl that kept no per-fetch data; run the crawl again with --fresh to report on it`, { option: "--state" });
    const meta = (k: string) => (db.prepare("SELECT v FROM meta WHERE k = ?").get(k) as { v: string } | undefined)?.v ?? null;
    const identity = JSON.parse(meta("identity") ?? "null") as { mode: "book" | "site"; startUrls: string[] } | null;

    const counts = { ok: 0, failed: 0, skipped: 0, queued: 0 };
    for (const { state, n } of db.prepare("SELECT state, COUNT(*) AS n FROM urls GROUP BY state").all() as { state: string; n: number }[]) {
      if (state === "queued" || state === "leased") counts.queued += n;
      else if (state in counts) counts[state as "ok"] = n;
    }
    const reasons: StatsSnapshot["reasons"] = {};
    for (const r of db.prepare("SELECT state, reason, COUNT(*) AS n FROM urls WHERE state IN ('failed', 'skipped') GROUP BY state, reason ORDER BY n DESC, reason").all() as { state: "failed" | "skipped"; reason: string; n: number }[]) {
      reasons[r.reason] = { outcome: r.state, count: r.n };
    }
    const fetches = db.prepare("SELECT f.at, f.ms, f.bytes, f.status, f.attempts, u.state FROM fetches f JOIN urls u ON u.id = f.id ORDER BY f.at").all() as FetchRow[];
    const hosts = db.prepare("SELECT host, MIN(url) AS url, SUM(state = 'ok') AS ok, SUM(state = 'failed') AS failed FROM urls WHERE state IN ('ok', 'failed') GROUP BY host ORDER BY host").all() as { url: string; ok: number; failed: number }[];
    const recentErrors = db
      .prepare("SELECT u.url, u.state AS outcome, u.reason, u.status, f.at FROM urls u LEFT JOIN fetches f ON f.id = u.id WHERE u.state IN ('failed', 'skipped') ORDER BY COALESCE(f.at, 0) DESC, u.id DESC LIMIT 50")
      .all() as CrawlRecord["recentErrors"];
    return {
      mode: identity?.mode ?? "site",
      start: identity?.startUrls ?? [],
      finished: meta("finished"),
      startedAt: null,
      counts,
      reasons,
      fetches,
      totals: null,
      hosts: hosts.map((h) => ({ url: h.url, ok: h.ok, failed: h.failed })),
      recentErrors,
    };
  } finally {
    db.close();
  }
}
