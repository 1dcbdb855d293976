import { afterEach, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { SqliteFrontier } from "../frontier/sqlite-frontier.js";
import { snapshotFromState } from "./state-snapshot.js";

const Database = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "corio-state-snap-"));
  dirs.push(d);
  return d;
}

describe("snapshotFromState", () => {
  it("rebuilds counts, statuses, bytes, retries and latency from the state's fetches rows", async () => {
    const path = join(dir(), "c.crawl.db");
    const f = SqliteFrontier.open(path);
    try {
      await f.setMeta("identity", JSON.stringify({ mode: "site", startUrls: ["http://a/"] }));
      await f.add([
        { url: "http://a/", key: "http://a/", host: "a", depth: 0 },
        { url: "http://a/x", key: "http://a/x", host: "a", depth: 1 },
        { url: "http://b:81/y", key: "http://b:81/y", host: "b:81", depth: 1 },
      ]);
      const [a, x, y] = await f.lease(3);
      await f.complete(a!.id, { state: "ok", data: null, attempts: 2, status: 200, fetch: { at: 1_000, ms: 30, bytes: 700 } }, []);
      await f.complete(x!.id, { state: "failed", reason: "http-404", attempts: 1, status: 404, error: null, fetch: { at: 2_000, ms: 10, bytes: 50 } }, []);
      await f.complete(y!.id, { state: "skipped", reason: "robots-disallowed" }, []);
    } finally {
      await f.close();
    }
    const s = snapshotFromState(path);
    expect(s.phase).toBe("finished");
    expect(s.start).toEqual(["http://a/"]);
    expect(s.totals).toEqual({ ok: 1, failed: 1, skipped: 1, queued: 0 });
    expect(s.counts).toMatchObject({ ok: 1, failed: 1, skipped: 1, retries: 1, bytes: 750 });
    expect(s.statusCodes).toEqual({ "200": 1, "404": 1 });
    expect(s.reasons).toEqual({ "http-404": { outcome: "failed", count: 1 }, "robots-disallowed": { outcome: "skipped", count: 1 } });
    expect(s.latency.max).toBe(30);
    expect(s.series.at(-1)).toMatchObject({ pages: 2, bytes: 750, failed: 1 });
    expect(s.recentErrors.map((e) => e.reason).sort()).toEqual(["http-404", "robots-disallowed"]);
    expect(s.hosts.map((h) => [h.origin, h.ok, h.failed])).toEqual([["http://a", 1, 1]]);
  });

  it("says in one line what is wrong with a path that is no report-able state", () => {
    const d = dir();
    expect(() => snapshotFromState(join(d, "none.crawl.db"))).toThrow(/no state file at .*none\.crawl\.db/);
    const old = join(d, "old.crawl.db");
    const db = new Database(old);
    db.exec("CREATE TABLE urls (id INTEGER PRIMARY KEY); CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);");
    db.close();
    expect(() => snapshotFromState(old)).toThrow(/kept no per-fetch data; run the crawl again with --fresh/);
  });
});
