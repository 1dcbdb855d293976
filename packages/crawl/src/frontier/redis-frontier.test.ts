import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { freshCrawlId, redisUrl, skipReason } from "../../test/redis-server.js";
import { CrawlStateLost } from "../errors.js";
import { frontierContract } from "./frontier.contract.js";
import type { NewEntry, StoredResult } from "./frontier.js";
import { RedisFrontier, type RedisFrontierOptions } from "./redis-frontier.js";

const e = (n: number, extra: Partial<NewEntry> = {}): NewEntry => ({ url: `http://a.test/${n}`, key: `http://a.test/${n}`, host: "a.test", depth: 1, ...extra });

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const open: RedisFrontier[] = [];
async function connect(crawlId: string, options: Partial<RedisFrontierOptions> = {}): Promise<RedisFrontier> {
  const f = await RedisFrontier.connect(redisUrl!, { crawlId, ...options });
  open.push(f);
  return f;
}

/** As if the worker were killed: its heartbeat stops, its leases stay in Redis. */
function silence(f: RedisFrontier): void {
  clearInterval((f as unknown as { heartbeat: NodeJS.Timeout }).heartbeat);
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

describe.skipIf(redisUrl === null)(`RedisFrontier ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, () => {
  frontierContract("redis", () => RedisFrontier.connect(redisUrl!, { crawlId: freshCrawlId("contract") }), { keyIndex: true });
  frontierContract("redis with a Bloom filter", () => RedisFrontier.connect(redisUrl!, { crawlId: freshCrawlId("bloom"), dedup: "bloom", bloomBits: 1 << 20 }));

  describe("--max-pages across workers", () => {
    it("one budget for every worker; a page refetched after a lost lease is not counted twice", async () => {
      const id = freshCrawlId("budget");
      const workers = await Promise.all(["a", "b", "c"].map((w) => connect(id, { workerId: w })));
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, i) => workers[i % 3]!.claimPage(i + 1, 5)),
      );
      expect(claims.filter(Boolean)).toHaveLength(5);
      const granted = claims.map((ok, i) => (ok ? i + 1 : 0)).filter((x) => x > 0);
      // The same page again (another worker took over its lease): still allowed, still 5.
      expect(await workers[2]!.claimPage(granted[0]!, 5)).toBe(true);
      expect(await workers[1]!.claimPage(99, 5)).toBe(false);
    });
  });

  describe("leases", () => {
    it("a live worker keeps its leases; a silent one loses them to another worker after the timeout", async () => {
      const id = freshCrawlId("lease");
      const a = await connect(id, { leaseMs: 300, workerId: "a" });
      const b = await connect(id, { leaseMs: 300, workerId: "b", pollMs: 20 });
      await a.add([e(1), e(2), e(3)]);
      expect((await a.lease(2)).map((x) => x.url)).toEqual(["http://a.test/1", "http://a.test/2"]);

      // a renews (heartbeat every 100 ms): after 3 lease timeouts b still only gets entry 3.
      await new Promise((r) => setTimeout(r, 900));
      expect((await b.lease(10)).map((x) => x.url)).toEqual(["http://a.test/3"]);
      expect(await b.lease(10)).toEqual([]); // b holds a lease itself: no waiting

      silence(a);
      const t0 = Date.now();
      const taken = await waitForLease(b, 2);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
      expect(taken.map((x) => x.url)).toEqual(["http://a.test/1", "http://a.test/2"]);
      expect(await b.counts()).toMatchObject({ queued: 0, leased: 3 });
      await expect(a.complete(taken[0]!.id, { state: "skipped", reason: "trap" }, [])).resolves.toEqual({ added: 0, skipped: 0, duplicate: false });
      await expect(b.complete(taken[0]!.id, { state: "skipped", reason: "trap" }, [])).resolves.toEqual({ added: 0, skipped: 0, duplicate: true, lost: true });
    });

    it("a worker with no lease waits while others hold leases, and ends when the crawl does", async () => {
      const id = freshCrawlId("wait");
      const a = await connect(id, { workerId: "a" });
      const b = await connect(id, { workerId: "b", pollMs: 20 });
      await a.add([e(1)]);
      const [one] = await a.lease(1);
      const waiting = b.lease(10);
      await new Promise((r) => setTimeout(r, 100));
      // a's page discovers a link: b, waiting, gets it.
      await a.complete(one!.id, { state: "ok", data: "1", attempts: 1, status: 200 }, [e(2)]);
      const [two] = await waiting;
      expect(two!.url).toBe("http://a.test/2");
      const ending = a.lease(10);
      await b.complete(two!.id, { state: "ok", data: "2", attempts: 1, status: 200 }, []);
      expect(await ending).toEqual([]);
      expect(await a.counts()).toEqual({ queued: 0, leased: 0, ok: 2, failed: 0, skipped: 0 });
    });

    it("a waiting lease ends on abort", async () => {
      const id = freshCrawlId("abort");
      const controller = new AbortController();
      const a = await connect(id, { workerId: "a" });
      const b = await connect(id, { workerId: "b", signal: controller.signal, pollMs: 20 });
      await a.add([e(1)]);
      await a.lease(1);
      const waiting = b.lease(10);
      setTimeout(() => controller.abort(), 100);
      expect(await waiting).toEqual([]);
    });

    it("a late completion after the lease expired wins once; the second worker is told duplicate", async () => {
      const id = freshCrawlId("late");
      const a = await connect(id, { leaseMs: 200, workerId: "a" });
      const b = await connect(id, { leaseMs: 5_000, workerId: "b", pollMs: 20 });
      await a.add([e(1)]);
      const [x] = await a.lease(1);
      silence(a);
      const [y] = await b.lease(1); // waits for a's lease to expire
      expect(y!.id).toBe(x!.id);
      expect(await a.complete(x!.id, { state: "ok", data: "from a", attempts: 1, status: 200 }, [e(2)])).toEqual({ added: 1, skipped: 0, duplicate: false });
      expect(await b.complete(y!.id, { state: "ok", data: "from b", attempts: 1, status: 200 }, [e(3)])).toEqual({ added: 0, skipped: 0, duplicate: true, lost: true });
      expect((await all(b.results())).map((r) => r.data)).toEqual(["from a"]);
      expect(await b.counts()).toEqual({ queued: 1, leased: 0, ok: 1, failed: 0, skipped: 0 });
    });
  });

  describe("atomic complete", () => {
    it("the same complete sent twice stores one result and answers the same", async () => {
      const f = await connect(freshCrawlId("retry"));
      await f.add([e(1, { ord: 0, label: "one" })]);
      const [x] = await f.lease(1);
      const outcome = { state: "ok", data: "page", attempts: 1, status: 200 } as const;
      const first = await f.completeOp(x!.id, outcome, [e(2), e(3)], "op-1");
      const again = await f.completeOp(x!.id, outcome, [e(2), e(3)], "op-1");
      expect(again).toEqual(first);
      expect(first).toEqual({ added: 2, skipped: 0, duplicate: false });
      expect(await all(f.results())).toEqual<StoredResult[]>([{ id: x!.id, url: "http://a.test/1", depth: 1, ord: 0, label: "one", data: "page" }]);
      expect(await f.counts()).toEqual({ queued: 2, leased: 0, ok: 1, failed: 0, skipped: 0 });
      await expect(f.completeOp(x!.id, outcome, [], "op-2")).rejects.toThrow(/not leased/);
    });

    it("many workers completing concurrently never lose or duplicate a result", async () => {
      const id = freshCrawlId("many");
      const workers = await Promise.all([0, 1, 2].map((i) => connect(id, { workerId: `w${i}`, pollMs: 10 })));
      // A tree: page n links to 2n+1 and 2n+2, up to 300 pages.
      const N = 300;
      await workers[0]!.add([{ ...e(0), ord: 0 }]);
      await Promise.all(
        workers.map(async (w) => {
          for (;;) {
            const batch = await w.lease(7);
            if (batch.length === 0) return;
            await Promise.all(
              batch.map((x) => {
                const n = Number(x.url.split("/").pop());
                const links = [2 * n + 1, 2 * n + 2].filter((k) => k < N).map((k) => e(k, { ord: k }));
                return w.complete(x.id, { state: "ok", data: String(n), attempts: 1, status: 200 }, links);
              }),
            );
          }
        }),
      );
      const results = await all(workers[1]!.results());
      expect(results.map((r) => r.data)).toEqual(Array.from({ length: N }, (_, i) => String(i)));
      expect(await workers[2]!.counts()).toEqual({ queued: 0, leased: 0, ok: N, failed: 0, skipped: 0 });
      const status = await workers[0]!.status();
      expect(status.workers.reduce((s, w) => s + w.done, 0)).toBe(N);
    });
  });

  describe("options and errors", () => {
    it("refuses a bad crawl id and a dedup mode that differs from the crawl's", async () => {
      await expect(RedisFrontier.connect(redisUrl!, { crawlId: "no spaces" })).rejects.toThrow(/--crawl-id/);
      const id = freshCrawlId("dedup");
      await connect(id);
      await expect(RedisFrontier.connect(redisUrl!, { crawlId: id, dedup: "bloom" })).rejects.toThrow(/--dedup/);
    });

    it("keys live under the crawl id: two crawls do not see each other", async () => {
      const a = await connect(freshCrawlId("ns"));
      const b = await connect(freshCrawlId("ns"));
      await a.add([e(1)]);
      expect(await b.add([e(1)])).toBe(1);
      expect((await a.counts()).queued).toBe(1);
    });

    it("fresh starts the crawl over; a worker still on the old one stops with CrawlStateLost", async () => {
      const id = freshCrawlId("fresh");
      const old = await connect(id, { workerId: "old" });
      await old.add([e(1), e(2)]);
      await old.lease(1);
      const restarted = await connect(id, { workerId: "new", fresh: true });
      expect(await restarted.counts()).toEqual({ queued: 0, leased: 0, ok: 0, failed: 0, skipped: 0 });
      expect(await restarted.add([e(1)])).toBe(1); // the seen set went too
      await expect(old.lease(1)).rejects.toBeInstanceOf(CrawlStateLost);
      await expect(old.add([e(3)])).rejects.toThrow(`the Redis crawl state of ${id} was lost`);
      expect((await restarted.counts()).queued).toBe(1);
    });
  });
});

describe("RedisFrontier without Redis", () => {
  it("names the URL and the fix when Redis is not there at start", async () => {
    const port = await closedPort();
    const url = `redis://user:secret@127.0.0.1:${port}/0`;
    const err = (await RedisFrontier.connect(url, { crawlId: "x", connectTimeoutMs: 1_000 }).then(
      () => new Error("connected?"),
      (x: unknown) => x,
    )) as Error;
    expect(err.name).toBe("UsageError");
    expect(err.message).toContain(`cannot reach Redis at redis://user:***@127.0.0.1:${port}/0`);
    expect(err.message).toMatch(/--frontier redis:\/\/127\.0\.0\.1:6379\/0/);
    expect(err.message).not.toContain("secret");
  });
});

async function waitForLease(f: RedisFrontier, n: number) {
  const got = [];
  const end = Date.now() + 5_000;
  while (got.length < n && Date.now() < end) got.push(...(await f.lease(n - got.length)));
  return got;
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
