import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshCrawlId, redisUrl, skipReason } from "../../../test/redis-server.js";
import type { ReportData } from "../../dashboard/report-data.js";
import { RedisFrontier } from "../../frontier/redis-frontier.js";
import { runCli } from "../run-cli.js";
import { capNote } from "./report.js";

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = "";
  const code = await runCli(args, { stdout: () => {}, stderr: (t) => (err += t) });
  return { code, err };
}

describe("corio crawl report: what a user gets wrong is one line, exit 1", () => {
  it("--frontier without --crawl-id, or both sources at once", async () => {
    for (const args of [
      ["--frontier", "redis://127.0.0.1:1/0"],
      ["--crawl-id", "x"],
      ["--state", "a.crawl.db", "--frontier", "redis://127.0.0.1:1/0", "--crawl-id", "x"],
    ]) {
      const r = await cli(["crawl", "report", ...args, "-o", "r.html"]);
      expect(r).toEqual({ code: 1, err: "corio crawl: give --state <file> for a local crawl, or --frontier <url> and --crawl-id <name> for a shared one\n" });
    }
  });

  it("a Redis that is not there", async () => {
    const r = await cli(["crawl", "report", "--frontier", "redis://127.0.0.1:1/0", "--crawl-id", "x", "-o", "r.html"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^corio crawl: --frontier: cannot reach Redis at redis:\/\/127\.0\.0\.1:1\/0 \(.*\); start redis-server there .*\n$/);
  });

  it.skipIf(redisUrl === null)(`an unknown crawl ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, async () => {
    const id = freshCrawlId("unknown");
    const r = await cli(["crawl", "report", "--frontier", redisUrl!, "--crawl-id", id, "-o", "r.html"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^corio crawl: --crawl-id: no crawl '${id}' in redis://\\S+; pass the name every worker was started with \\(e\\.g\\. --crawl-id novel-12097\\), or run the crawl first\\n$`));
  });

  it.skipIf(redisUrl === null)(`a capped fetch log: the report and stderr say what it covers ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, async () => {
    const crawlId = freshCrawlId("capped");
    const f = await RedisFrontier.connect(redisUrl!, { crawlId, fetchLogCap: 2 });
    try {
      await f.add([0, 1, 2].map((n) => ({ url: `http://a.test/${n}`, key: `k${n}`, host: "a.test", depth: 0 })));
      for (const e of await f.lease(3)) await f.complete(e.id, { state: "ok", data: null, attempts: 1, status: 200, fetch: { at: 1_000 + e.id, ms: 5, bytes: 1 } }, []);
    } finally {
      await f.close();
    }
    const dir = mkdtempSync(join(tmpdir(), "corio-report-cli-"));
    try {
      const out = join(dir, "r.html");
      const r = await cli(["crawl", "report", "--frontier", redisUrl!, "--crawl-id", crawlId, "-o", out]);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(`report: note: ${capNote(2, 1)}\n`);
      const data = JSON.parse(/<script type="application\/json" id="corio-report">(.*?)<\/script>/s.exec(readFileSync(out, "utf8"))![1]!) as ReportData;
      expect(data.meta.options).toEqual({ "per-fetch data": capNote(2, 1) });
      expect(data.snapshot.counts.ok).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says what a capped fetch log covers", () => {
    expect(capNote(100_000, 23_456)).toBe("response times and the time series cover the latest 100000 of 123456 fetches (Redis keeps no more); counts, bytes, retries and status codes cover all");
  });
});
