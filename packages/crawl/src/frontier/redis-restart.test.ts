import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canStartRedis, freshCrawlId, skipReason, startRedis, type TestRedis } from "../../test/redis-server.js";
import { CrawlStateLost } from "../errors.js";
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
      expect(String((err as Error).message)).not.toMatch(/corio[A-Z]|during/); // no internal script names in the line a user reads
    } finally {
      server.start();
      await f.close();
    }
  });

  it("after the first give-up, waiting and later calls fail with the same error instead of waiting again", async () => {
    const f = await RedisFrontier.connect(server.url, { crawlId: freshCrawlId("gone2"), unavailableMs: 300 });
    try {
      server.stop();
      const first = f.counts().catch((x: unknown) => x);
      await new Promise((r) => setTimeout(r, 150));
      const waiting = f.counts().catch((x: unknown) => x); // would give up on its own 150 ms later
      const err = await first;
      expect(err).toBeInstanceOf(RedisUnavailableError);
      expect(await waiting).toBe(err);
      expect(await f.counts().catch((x: unknown) => x)).toBe(err);
    } finally {
      server.start();
      await f.close();
    }
  });
});

/** Three workers crawl the binary tree 0..n-1 (page k links 2k+1, 2k+2); `during` runs once `at` pages are done. */
async function crawlTree(workers: RedisFrontier[], n: number, faults: { at: number; run: () => Promise<void> }[]): Promise<void> {
  let completed = 0;
  await workers[0]!.add([e(0)]);
  const crawling = Promise.all(
    workers.map(async (w) => {
      for (;;) {
        const batch = await w.lease(5);
        if (batch.length === 0) return;
        for (const x of batch) {
          const k = Number(x.url.split("/").pop());
          const links = [2 * k + 1, 2 * k + 2].filter((j) => j < n).map(e);
          await w.complete(x.id, { state: "ok", data: String(k), attempts: 1, status: 200 }, links);
          completed++;
        }
      }
    }),
  );
  for (const fault of faults) {
    while (completed < fault.at) await new Promise((r) => setTimeout(r, 2));
    await fault.run();
  }
  await crawling;
}

describe.skipIf(!canStartRedis)(`Redis restarted without the crawl's data ${canStartRedis ? "" : `(skipped: ${skipReason || "redis-server is not installed"})`}`, () => {
  let server: TestRedis;
  beforeAll(() => {
    server = startRedis(); // no AOF: a restart comes back empty, or with the last SAVE
  });
  afterAll(() => server?.destroy());

  it("restarted empty: every worker stops with CrawlStateLost naming the crawl and the fix", async () => {
    const crawlId = freshCrawlId("empty");
    const workers = await Promise.all([0, 1, 2].map((i) => RedisFrontier.connect(server.url, { crawlId, workerId: `w${i}`, pollMs: 10 })));
    try {
      const crawled = crawlTree(workers, 2000, [
        {
          at: 40,
          run: async () => {
            server.stop();
            server.start();
          },
        },
      ]);
      const err = await crawled.catch((x: unknown) => x);
      expect(err).toBeInstanceOf(CrawlStateLost);
      expect((err as Error).message).toBe(`the Redis crawl state of ${crawlId} was lost (Redis restarted without data?); start it again with --fresh`);
      // Every later call of every worker says the same, instead of writing into an empty crawl.
      for (const w of workers) await expect(w.lease(1)).rejects.toBeInstanceOf(CrawlStateLost);
      await expect(workers[1]!.add([e(1)])).rejects.toBeInstanceOf(CrawlStateLost);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it("restarted from an older snapshot: workers put back what they held, and every page is stored exactly once", async () => {
    const crawlId = freshCrawlId("rollback");
    const workers = await Promise.all([0, 1, 2].map((i) => RedisFrontier.connect(server.url, { crawlId, workerId: `w${i}`, pollMs: 10 })));
    const N = 400;
    let savedOk = -1;
    try {
      await crawlTree(workers, N, [
        {
          at: 60,
          run: async () => {
            await workers[0]!.conn.redis.save(); // the snapshot Redis will come back with
            savedOk = (await workers[0]!.counts()).ok;
          },
        },
        {
          at: 160,
          run: async () => {
            server.stop();
            server.start();
          },
        },
      ]);
      const rolledBackTo = savedOk;
      expect(rolledBackTo).toBeGreaterThan(0);
      expect(rolledBackTo).toBeLessThan(160);
      const results = [];
      for await (const r of workers[0]!.results()) results.push(r.data);
      expect(results).toEqual(Array.from({ length: N }, (_, i) => String(i)));
      expect(await workers[2]!.counts()).toEqual({ queued: 0, leased: 0, ok: N, failed: 0, skipped: 0 });
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
