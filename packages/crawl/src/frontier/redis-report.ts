/**
 * `corio crawl report --frontier redis://… --crawl-id NAME`: a Redis crawl read into the
 * {@link CrawlRecord} the report is built from (`dashboard/crawl-record.ts`), the same
 * record a SQLite state gives. Read-only: unlike a worker, it never creates the crawl, so
 * a mistyped `--crawl-id` is said as such instead of reporting on an empty new crawl.
 *
 * What it reads (written by the `complete` script, see `redis-scripts.ts`): the `fetches`
 * list (the latest {@link FETCH_LOG_CAP} fetches), the exact totals and per-host counts of
 * the `report` hash, the counts, the reasons of the `problems` entries, the crawl's
 * identity and end (`meta`) and its first worker's start (`wstart`).
 * @module
 */
import { UsageError } from "../errors.js";
import type { CrawlRecord, FetchRow } from "../dashboard/crawl-record.js";
import { RedisConnection, redactUrl, type RedisConnectionOptions } from "./redis-connection.js";
import { crawlPrefix } from "./redis-frontier.js";
import { FETCH_LOG_CAP } from "./redis-scripts.js";

export { FETCH_LOG_CAP };

/** Rows read per LRANGE / pipeline (keeps every command short on a busy Redis). */
const CHUNK = 5_000;
/** The latest errors kept in a record, as the local report keeps them. */
const RECENT = 50;

/**
 * Read crawl `crawlId` from the Redis at `url`.
 *
 * @example
 * ```ts no-run
 * const record = await recordFromRedis("redis://127.0.0.1:6379/0", "novel");
 * await writeReport("report.html", snapshotFromRecord(record, "corio crawl report …"));
 * ```
 */
export async function recordFromRedis(url: string, crawlId: string, options: RedisConnectionOptions = {}): Promise<CrawlRecord> {
  const conn = await RedisConnection.open(url, options);
  try {
    return await readRecord(conn, url, crawlId);
  } finally {
    await conn.close();
  }
}

async function readRecord(conn: RedisConnection, url: string, crawlId: string): Promise<CrawlRecord> {
  const r = conn.redis;
  const P = crawlPrefix(crawlId);
  const run = <T>(op: () => Promise<T>) => conn.run("report", op);
  const [epoch, countsRaw, meta, report, wstart] = await Promise.all([
    run(() => r.get(P + "epoch")),
    run(() => r.hgetall(P + "counts")),
    run(() => r.hmget(P + "meta", "m:identity", "m:finished")),
    run(() => r.hgetall(P + "report")),
    run(() => r.hgetall(P + "wstart")),
  ]);
  const counts = { ok: 0, failed: 0, skipped: 0, queued: 0 };
  for (const [k, v] of Object.entries(countsRaw)) {
    if (k === "queued" || k === "leased") counts.queued += Number(v);
    else if (k in counts) counts[k as "ok"] = Number(v);
  }
  const shown = redactUrl(url);
  if (epoch === null || counts.ok + counts.failed + counts.skipped + counts.queued === 0) {
    throw new UsageError(
      `no crawl '${crawlId}' in ${shown}${epoch === null ? "" : " (it has no URL yet)"}; pass the name every worker was started with (e.g. --crawl-id novel-12097), or run the crawl first`,
      { option: "--crawl-id" },
    );
  }
  if (report["fetches"] === undefined && counts.ok + counts.failed > 0) {
    throw new UsageError(`crawl '${crawlId}' in ${shown} was written by an older corio crawl that kept no per-fetch data; run it again with --fresh to report on it`, { option: "--crawl-id" });
  }
  const identity = JSON.parse(meta[0] ?? "null") as { mode: "book" | "site"; startUrls: string[] } | null;

  const fetches: FetchRow[] = [];
  for (let from = 0; ; from += CHUNK) {
    const rows = await run(() => r.lrange(P + "fetches", from, from + CHUNK - 1));
    for (const row of rows) {
      const [at, ms, bytes, status, attempts, state] = JSON.parse(row) as [number, number, number, number | null, number, string];
      fetches.push({ at, ms, bytes, status, attempts, state });
    }
    if (rows.length < CHUNK) break;
  }
  // Completion order is nearly `at` order; workers' clocks make it not quite.
  fetches.sort((a, b) => a.at - b.at);

  const statuses: Record<string, number> = {};
  const hosts = new Map<string, { url: string; ok: number; failed: number }>();
  const host = (h: string) => hosts.get(h) ?? hosts.set(h, { url: "", ok: 0, failed: 0 }).get(h)!;
  for (const [k, v] of Object.entries(report)) {
    const colon = k.indexOf(":");
    if (colon < 0) continue;
    const [kind, rest] = [k.slice(0, colon), k.slice(colon + 1)];
    if (kind === "st") statuses[rest] = Number(v);
    else if (kind === "url") host(rest).url = v;
    else if (kind === "ok" || kind === "failed") host(rest)[kind] = Number(v);
  }

  const { reasons, recentErrors } = await readProblems(conn, P);
  const starts = Object.values(wstart).map(Number).filter((n) => n > 0);
  return {
    mode: identity?.mode ?? "site",
    start: identity?.startUrls ?? [],
    finished: meta[1],
    startedAt: starts.length > 0 ? Math.min(...starts) : null,
    counts,
    reasons,
    fetches,
    totals: { fetches: Number(report["fetches"] ?? 0), bytes: Number(report["bytes"] ?? 0), retries: Number(report["retries"] ?? 0), statuses },
    hosts: [...hosts.entries()]
      .filter(([, h]) => h.url !== "")
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, h]) => h),
    recentErrors,
  };
}

type Problem = CrawlRecord["recentErrors"][number] & { id: number };

/** Reasons of every failed and skipped URL, and the latest of them. */
async function readProblems(conn: RedisConnection, P: string): Promise<Pick<CrawlRecord, "reasons" | "recentErrors">> {
  const r = conn.redis;
  const byReason = new Map<string, { outcome: "failed" | "skipped"; count: number }>();
  const latest: Problem[] = [];
  for (let from = 0; ; from += CHUNK) {
    const ids = await conn.run("report", () => r.zrange(P + "problems", from, from + CHUNK - 1));
    if (ids.length === 0) break;
    const rows = await conn.run("report", async () => {
      const pipe = r.pipeline();
      for (const id of ids) pipe.hmget(P + "e:" + id, "u", "s", "r", "st", "fa");
      return (await pipe.exec()) ?? [];
    });
    for (let i = 0; i < ids.length; i++) {
      const [err, f] = rows[i] ?? [null, null];
      if (err) throw err;
      const [u, s, reason, st, fa] = f as (string | null)[];
      const outcome = s === "failed" ? "failed" : "skipped";
      const why = reason ?? "";
      const c = byReason.get(why) ?? { outcome, count: 0 };
      c.count++;
      byReason.set(why, c);
      latest.push({ id: Number(ids[i]), url: u ?? "", outcome, reason: why, status: outcome === "failed" && st !== null ? Number(st) : null, at: fa === null ? null : Number(fa) });
      if (latest.length > 4 * RECENT) newest(latest);
    }
    if (ids.length < CHUNK) break;
  }
  newest(latest);
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const reasons = Object.fromEntries([...byReason].sort((a, b) => b[1].count - a[1].count || byName(a[0], b[0])));
  return { reasons, recentErrors: latest.map(({ url, outcome, reason, status, at }) => ({ url, outcome, reason, status, at })) };
}

/** Keep the {@link RECENT} newest, as the local report orders them: by fetch time (never fetched last), then by id. */
function newest(list: Problem[]): void {
  list.sort((a, b) => (b.at ?? 0) - (a.at ?? 0) || b.id - a.id);
  list.splice(RECENT);
}
