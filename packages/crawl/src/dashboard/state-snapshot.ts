/**
 * A finished crawl's {@link StatsSnapshot} rebuilt from its SQLite state, for
 * `corio crawl report --state X.crawl.db`: outcomes and reasons from `urls`, and from the
 * `fetches` rows (one per page fetched to an end, written with its outcome) the status
 * codes, response times, bytes, retries and the time series. The whole crawl is one "run"
 * here: `counts` and `totals` agree.
 * @module
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { UsageError } from "../errors.js";
import { checkStateFile } from "../preflight/paths.js";
import { LatencyHistogram } from "./latency-histogram.js";
import { STATS_SCHEMA, type ErrorEntry, type HostStats, type SeriesPoint, type StatsSnapshot } from "./stats-snapshot.js";

const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;

/** Series points of a rebuilt crawl, at most. */
const POINTS = 300;

interface FetchRow {
  id: number;
  at: number;
  ms: number;
  bytes: number;
  status: number | null;
  attempts: number;
  state: string;
  url: string;
}

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
  if (!existsSync(path)) throw new UsageError(`no state file at ${path}; check the path (it defaults to beside the output: book.md → book.crawl.db)`, { option: "--state" });
  checkStateFile(path);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!table("urls") || !table("meta")) throw new UsageError(`${path} is not a corio crawl state file (no crawl in it); pass the .crawl.db of a crawl`, { option: "--state" });
    if (!table("fetches")) throw new UsageError(`${path} was written by an older corio crawl that kept no per-fetch data; run the crawl again with --fresh to report on it`, { option: "--state" });
    const meta = (k: string) => (db.prepare("SELECT v FROM meta WHERE k = ?").get(k) as { v: string } | undefined)?.v ?? null;
    const identity = JSON.parse(meta("identity") ?? "null") as { mode: "book" | "site"; startUrls: string[] } | null;
    const finished = meta("finished");

    const counts = { ok: 0, failed: 0, skipped: 0, queued: 0 };
    for (const { state, n } of db.prepare("SELECT state, COUNT(*) AS n FROM urls GROUP BY state").all() as { state: string; n: number }[]) {
      if (state === "queued" || state === "leased") counts.queued += n;
      else if (state in counts) counts[state as "ok"] = n;
    }
    const reasons: StatsSnapshot["reasons"] = {};
    for (const r of db.prepare("SELECT state, reason, COUNT(*) AS n FROM urls WHERE state IN ('failed', 'skipped') GROUP BY state, reason ORDER BY n DESC, reason").all() as { state: "failed" | "skipped"; reason: string; n: number }[]) {
      reasons[r.reason] = { outcome: r.state, count: r.n };
    }

    const fetches = db.prepare("SELECT f.id, f.at, f.ms, f.bytes, f.status, f.attempts, u.state, u.url FROM fetches f JOIN urls u ON u.id = f.id ORDER BY f.at").all() as FetchRow[];
    const latency = new LatencyHistogram();
    const statuses = new Map<number, number>();
    let bytes = 0;
    let retries = 0;
    for (const f of fetches) {
      latency.add(f.ms);
      if (f.status !== null) statuses.set(f.status, (statuses.get(f.status) ?? 0) + 1);
      bytes += f.bytes;
      retries += Math.max(0, f.attempts - 1);
    }
    const startedAt = fetches.length > 0 ? fetches[0]!.at - fetches[0]!.ms : Date.now();
    const endedAt = finished !== null ? Math.max(Date.parse(finished), fetches.at(-1)?.at ?? 0) : (fetches.at(-1)?.at ?? startedAt);

    return {
      schema: STATS_SCHEMA,
      mode: identity?.mode ?? "site",
      phase: "finished",
      command,
      start: identity?.startUrls ?? [],
      startedAt,
      endedAt,
      elapsedMs: endedAt - startedAt,
      counts: { ok: counts.ok, failed: counts.failed, skipped: counts.skipped, queued: counts.queued, inFlight: 0, retries, bytes },
      totals: counts,
      rate: { pagesPerSecond: 0, bytesPerSecond: 0 },
      etaSeconds: counts.queued === 0 ? 0 : null,
      series: series(fetches, startedAt, endedAt),
      latency: latency.stats(),
      statusCodes: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
      hosts: hosts(db),
      recentErrors: recentErrors(db, endedAt),
      reasons,
      book: identity?.mode === "book" ? { chaptersDone: Math.max(0, counts.ok + counts.failed - 1), chaptersTotal: Math.max(0, counts.ok + counts.failed + counts.queued - 1) } : null,
      workers: null,
      summary: null,
    };
  } finally {
    db.close();
  }
}

/** Cumulative pages, bytes and failures at up to {@link POINTS} evenly spaced times. */
function series(fetches: FetchRow[], startedAt: number, endedAt: number): SeriesPoint[] {
  const span = Math.max(1, endedAt - startedAt);
  const step = Math.max(1000, Math.ceil(span / POINTS));
  const points: SeriesPoint[] = [{ t: 0, pages: 0, bytes: 0, failed: 0, inFlight: 0 }];
  let pages = 0;
  let bytes = 0;
  let failed = 0;
  let i = 0;
  for (let t = step; ; t += step) {
    const until = startedAt + Math.min(t, span);
    for (; i < fetches.length && fetches[i]!.at <= until; i++) {
      pages++;
      bytes += fetches[i]!.bytes;
      if (fetches[i]!.state === "failed") failed++;
    }
    points.push({ t: Math.min(t, span), pages, bytes, failed, inFlight: 0 });
    if (t >= span) break;
  }
  return points;
}

function hosts(db: BetterSqlite3.Database): HostStats[] {
  const rows = db.prepare("SELECT host, MIN(url) AS url, SUM(state = 'ok') AS ok, SUM(state = 'failed') AS failed FROM urls WHERE state IN ('ok', 'failed') GROUP BY host ORDER BY host").all() as { host: string; url: string; ok: number; failed: number }[];
  return rows.map((r) => ({ origin: new URL(r.url).origin, inFlight: 0, queued: 0, ok: r.ok, failed: r.failed, delayMs: 0, crawlDelayMs: null, pausedUntil: null }));
}

function recentErrors(db: BetterSqlite3.Database, endedAt: number): ErrorEntry[] {
  const rows = db
    .prepare("SELECT u.url, u.state, u.reason, u.status, f.at FROM urls u LEFT JOIN fetches f ON f.id = u.id WHERE u.state IN ('failed', 'skipped') ORDER BY COALESCE(f.at, 0) DESC, u.id DESC LIMIT 50")
    .all() as { url: string; state: "failed" | "skipped"; reason: string; status: number | null; at: number | null }[];
  return rows.map((r) => ({ at: r.at ?? endedAt, url: r.url, outcome: r.state, reason: r.reason, ...(r.status === null ? {} : { status: r.status }) }));
}
