import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canStartRedis, freshCrawlId, skipReason, startRedis, type TestRedis } from "../../test/redis-server.js";
import type { NewEntry } from "./frontier.js";
import { RedisUnavailableError } from "./redis-connection.js";
import { RedisFrontier } from "./redis-frontier.js";

const e = (n: number): NewEntry => ({ url: `http://a.test/${n}`, key: `http://a.test/${n}`, host: `h${n % 3}.test`, depth: 1, ord: n });

describe.skipIf(!canStartRedis)(`Redis restarted mid-crawl ${canStartRedis ? "" : `(skipped: ${skipReason || "redis-server is not installed"})`}`, () => {
  let server: TestRedis;
  beforeAll(() => {
    server = startRedis({ persist: true }); // AOF, fsync always: a restart keeps every reply it gave
  });
  afterAll(() => server?.destroy());

  it("workers pause while Redis is down, carry on when it is back, and lose or duplicate nothing", async () => {
    const crawlId = freshCrawlId("restart");
    const workers = await Promise.all([0, 1, 2].map((i) => RedisFrontier.connect(server.url, { crawlId, workerId: `w${i}`, pollMs: 10 })));
    try {
      const N = 400;
      await workers[0]!.add([e(0)]);
      let completed = 0;
      let restarted = false;
      const crawling = Promise.all(
        workers.map(async (w) => {
          for (;;) {
            const batch = await w.lease(5);
            if (batch.length === 0) return;
            for (const x of batch) {
              const n = Number(x.url.split("/").pop());
              const links = [2 * n + 1, 2 * n + 2].filter((k) => k < N).map(e);
              await w.complete(x.id, { state: "ok", data: String(n), attempts: 1, status: 200 }, links);
              completed++;
            }
          }
        }),
      );
      while (completed < 60) await new Promise((r) => setTimeout(r, 2));
      server.stop();
      const stoppedAt = completed;
      await new Promise((r) => setTimeout(r, 400));
      server.start();
      restarted = true;
      await crawling;
      expect(restarted).toBe(true);
      expect(stoppedAt).toBeLessThan(N);
      const results = [];
      for await (const r of workers[0]!.results()) results.push(r.data);
      expect(results).toEqual(Array.from({ length: N }, (_, i) => String(i)));
      expect(await workers[1]!.counts()).toEqual({ queued: 0, leased: 0, ok: N, failed: 0, skipped: 0 });
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it("gives up with a clear error when Redis stays away longer than unavailableMs", async () => {
    const f = await RedisFrontier.connect(server.url, { crawlId: freshCrawlId("gone"), unavailableMs: 300 });
    try {
      server.stop();
      const err = await f.counts().catch((x: unknown) => x);
      expect(err).toBeInstanceOf(RedisUnavailableError);
      expect(String((err as Error).message)).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+\/0 unreachable for 300 ms/);
    } finally {
      server.start();
      await f.close();
    }
  });
});
