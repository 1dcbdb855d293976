import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshCrawlId, redisUrl, skipReason } from "../../test/redis-server.js";
import { RedisFrontier } from "./redis-frontier.js";

describe.skipIf(redisUrl === null)(`global per-host politeness in Redis ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, () => {
  const crawlId = freshCrawlId("polite");
  let workers: RedisFrontier[] = [];
  beforeAll(async () => {
    workers = await Promise.all([0, 1, 2].map((i) => RedisFrontier.connect(redisUrl!, { crawlId, workerId: `w${i}` })));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
  });

  /** One step: some workers act at once — acquire a slot of a host, or release one they hold. */
  const step = fc.array(fc.record({ worker: fc.integer({ min: 0, max: 2 }), host: fc.integer({ min: 0, max: 2 }), release: fc.boolean() }), { minLength: 1, maxLength: 6 });

  it("three frontiers together never hold more than --per-host slots of a host, and get one whenever fewer are held", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(step, { minLength: 1, maxLength: 25 }), async (limit, steps) => {
        run++;
        const hostName = (h: number) => `h${run}-${h}.test:80`;
        /** Slots held, per host: [worker, token]. */
        const held = new Map<number, [number, string][]>([0, 1, 2].map((h) => [h, []]));
        for (const actions of steps) {
          const before = new Map([...held].map(([h, list]) => [h, list.length]));
          const outcomes = await Promise.all(
            actions.map(async (a) => {
              const mine = held.get(a.host)!.filter(([w]) => w === a.worker);
              if (a.release && mine.length > 0) {
                const [, token] = mine[0]!;
                held.set(a.host, held.get(a.host)!.filter(([, t]) => t !== token));
                await workers[a.worker]!.releaseHostSlot(hostName(a.host), token);
                return null;
              }
              const grant = await workers[a.worker]!.acquireHostSlot(hostName(a.host), limit, 0);
              if (grant.granted) held.get(a.host)!.push([a.worker, grant.token]);
              return { host: a.host, granted: grant.granted };
            }),
          );
          for (const [h, list] of held) expect(list.length).toBeLessThanOrEqual(limit);
          // Liveness: an acquire of a host that had room for every acquire of this step, with no release racing it, was granted.
          for (const h of [0, 1, 2]) {
            const acquires = outcomes.filter((o) => o?.host === h);
            const releases = actions.filter((a) => a.host === h && a.release).length;
            if (releases === 0 && before.get(h)! + acquires.length <= limit) for (const o of acquires) expect(o!.granted).toBe(true);
          }
        }
        for (const [h, list] of held) for (const [w, token] of list) await workers[w]!.releaseHostSlot(hostName(h), token);
      }),
      { numRuns: 40 },
    );
  });

  it("the delay holds start to start across workers, and a pause makes every worker wait", async () => {
    const host = `delay-${crawlId}.test`;
    const starts: number[] = [];
    await Promise.all(
      workers.map(async (w) => {
        for (let i = 0; i < 2; i++) {
          for (;;) {
            const g = await w.acquireHostSlot(host, 10, 120);
            if (g.granted) {
              starts.push(Date.now());
              await w.releaseHostSlot(host, g.token);
              break;
            }
            await new Promise((r) => setTimeout(r, g.waitMs));
          }
        }
      }),
    );
    starts.sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(110);

    const paused = `pause-${crawlId}.test`;
    await workers[0]!.pauseHost(paused, 300);
    const g = await workers[2]!.acquireHostSlot(paused, 10, 0);
    expect(g.granted).toBe(false);
    expect(g.granted ? 0 : g.waitMs).toBeGreaterThan(200);
  });

  it("the slot of a worker that died frees itself after the lease timeout", async () => {
    const id = freshCrawlId("slot");
    const dying = await RedisFrontier.connect(redisUrl!, { crawlId: id, leaseMs: 300 });
    const other = await RedisFrontier.connect(redisUrl!, { crawlId: id, leaseMs: 300 });
    try {
      expect((await dying.acquireHostSlot("x.test", 1, 0)).granted).toBe(true);
      await new Promise((r) => setTimeout(r, 500)); // the heartbeat keeps it
      expect((await other.acquireHostSlot("x.test", 1, 0)).granted).toBe(false);
      await dying.close(); // killed: no release, no heartbeat
      const t0 = Date.now();
      let g = await other.acquireHostSlot("x.test", 1, 0);
      while (!g.granted) {
        await new Promise((r) => setTimeout(r, g.granted ? 0 : g.waitMs));
        g = await other.acquireHostSlot("x.test", 1, 0);
      }
      expect(Date.now() - t0).toBeLessThan(1_000);
    } finally {
      await dying.close();
      await other.close();
    }
  });
});
