import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freshCrawlId, redisUrl, skipReason } from "../../test/redis-server.js";
import { droppedFetches, snapshotFromRecord } from "../dashboard/crawl-record.js";
import { recordFromState } from "../dashboard/state-snapshot.js";
import type { Frontier } from "./frontier.js";
import { RedisFrontier } from "./redis-frontier.js";
import { recordFromRedis } from "./redis-report.js";
import { SqliteFrontier } from "./sqlite-frontier.js";

const dirs: string[] = [];
const open: Frontier[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * One small crawl's story, told to any frontier: an ok page fetched twice, a 404, a skip
 * by robots, a redirect onto a page already stored (a duplicate), a page still queued,
 * and a skip recorded when its link was found.
 */
async function tell(f: Frontier): Promise<void> {
  await f.setMeta("identity", JSON.stringify({ mode: "site", startUrls: ["http://a.test/"] }));
  await f.add([
    { url: "http://a.test/", key: "http://a.test/", host: "a.test", depth: 0 },
    { url: "http://a.test/x", key: "http://a.test/x", host: "a.test", depth: 1 },
    { url: "http://b.test:81/y", key: "http://b.test:81/y", host: "b.test:81", depth: 1 },
    { url: "http://b.test:81/moved", key: "http://b.test:81/moved", host: "b.test:81", depth: 1 },
  ]);
  const [a, x, y, moved] = await f.lease(4);
  await f.complete(a!.id, { state: "ok", data: "{}", attempts: 2, status: 200, fetch: { at: 1_000, ms: 30, bytes: 700 } }, [
    { url: "http://a.test/later", key: "http://a.test/later", host: "a.test", depth: 1 },
    { url: "http://c.test/out", key: "http://c.test/out", host: "c.test", depth: 1, skip: "out-of-scope" },
  ]);
  await f.complete(x!.id, { state: "failed", reason: "http-404", attempts: 1, status: 404, error: null, fetch: { at: 2_000, ms: 10, bytes: 50 } }, []);
  await f.complete(y!.id, { state: "skipped", reason: "robots-disallowed" }, []);
  await f.complete(moved!.id, { state: "ok", data: "{}", attempts: 1, status: 200, finalKey: "http://a.test/", fetch: { at: 3_000, ms: 20, bytes: 300 } }, []);
}

describe.skipIf(redisUrl === null)(`report of a Redis crawl ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, () => {
  it("reads the same record as the SQLite state of the same crawl, so both reports agree", async () => {
    const dir = mkdtempSync(join(tmpdir(), "corio-redis-report-"));
    dirs.push(dir);
    const path = join(dir, "c.crawl.db");
    const local = SqliteFrontier.open(path);
    open.push(local);
    await tell(local);
    const crawlId = freshCrawlId("report");
    const shared = await RedisFrontier.connect(redisUrl!, { crawlId });
    open.push(shared);
    await tell(shared);
    await Promise.all(open.splice(0).map((f) => f.close()));

    const fromRedis = await recordFromRedis(redisUrl!, crawlId);
    const fromState = recordFromState(path);
    // Where the two stores must differ: Redis knows when its first worker leased; its
    // counts are kept exact beside the (bounded) rows.
    expect(fromRedis.startedAt).toEqual(expect.any(Number));
    expect(fromRedis.totals).toEqual({ fetches: 3, bytes: 1050, retries: 1, statuses: { "200": 2, "404": 1 } });
    expect({ ...fromRedis, startedAt: null, totals: null }).toEqual(fromState);
    expect(fromState.counts).toEqual({ ok: 1, failed: 1, skipped: 3, queued: 1 });

    const a = snapshotFromRecord(fromRedis, "cmd");
    const b = snapshotFromRecord(fromState, "cmd");
    expect(a).toEqual(b); // every number, the time series and the rates included
    expect(a.rate).toEqual({ pagesPerSecond: 1.5, bytesPerSecond: 517 }); // 3 fetches, 1,050 bytes from 970 to 3,000 ms
    expect(a.counts).toMatchObject({ ok: 1, failed: 1, skipped: 3, retries: 1, bytes: 1050 });
    expect(a.hosts.map((h) => [h.origin, h.ok, h.failed])).toEqual([["http://a.test", 1, 1]]);
    expect(a.series.at(-1)).toMatchObject({ pages: 3, bytes: 1050, failed: 1 });
  });

  it("keeps the latest rows only past its cap; the counts stay exact and the series starts where the dropped rows ended", async () => {
    const crawlId = freshCrawlId("cap");
    const f = await RedisFrontier.connect(redisUrl!, { crawlId, fetchLogCap: 2 });
    open.push(f);
    await f.setMeta("identity", JSON.stringify({ mode: "site", startUrls: ["http://a.test/0"] }));
    await f.add([0, 1, 2, 3, 4].map((n) => ({ url: `http://a.test/${n}`, key: `k${n}`, host: "a.test", depth: 0 })));
    for (const [i, e] of (await f.lease(5)).entries()) {
      await f.complete(e.id, { state: "ok", data: null, attempts: 1, status: 200 + i, fetch: { at: 10_000 + 1000 * i, ms: 100 * (i + 1), bytes: 10 } }, []);
    }
    const record = await recordFromRedis(redisUrl!, crawlId);
    expect(record.fetches.map((r) => r.status)).toEqual([203, 204]);
    expect(droppedFetches(record)).toBe(3);
    const s = snapshotFromRecord(record, "cmd");
    expect(s.counts).toMatchObject({ ok: 5, bytes: 50 });
    expect(s.statusCodes).toEqual({ "200": 1, "201": 1, "202": 1, "203": 1, "204": 1 });
    expect(s.latency.max).toBe(500);
    expect(s.latency.histogram.reduce((n, b) => n + b.count, 0)).toBe(2);
    expect(s.series.at(-1)).toMatchObject({ pages: 5, bytes: 50 });
  });

  it("an unknown crawl id is one line naming --crawl-id, and creates nothing", async () => {
    const crawlId = freshCrawlId("nope");
    const unknown = new RegExp(`^--crawl-id: no crawl '${crawlId}' in redis://[^ ]+; pass the name every worker was started with`);
    await expect(recordFromRedis(redisUrl!, crawlId)).rejects.toThrow(unknown);
    await expect(recordFromRedis(redisUrl!, crawlId)).rejects.toThrow(unknown); // the first look created nothing
    const f = await RedisFrontier.connect(redisUrl!, { crawlId });
    open.push(f);
    await expect(recordFromRedis(redisUrl!, crawlId)).rejects.toThrow(/\(it has no URL yet\); pass the name/);
  });
});
