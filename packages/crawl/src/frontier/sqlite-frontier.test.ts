import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frontierContract } from "./frontier.contract.js";
import type { Frontier, NewEntry } from "./frontier.js";
import { MemoryFrontier } from "./memory-frontier.js";
import { SqliteFrontier } from "./sqlite-frontier.js";
import { useTempDir } from "../../test/support/temp-dir.js";

const tempDir = useTempDir("corio-frontier-");

frontierContract("sqlite", () => SqliteFrontier.open(join(tempDir(), "state.db")), { keyIndex: true });

describe("SqliteFrontier durability", () => {
  it("a reopened file still holds leases (recoverable), results and the seen set", async () => {
    const path = join(tempDir(), "state.db");
    const a = SqliteFrontier.open(path);
    await a.add([1, 2, 3].map((n) => ({ url: `http://x/${n}`, key: `k${n}`, host: "x", depth: 0, ord: n })));
    const [one, two] = await a.lease(2);
    await a.complete(one!.id, { state: "ok", data: "d1", attempts: 1, status: 200 }, []);
    void two;
    await a.close(); // as if killed with `two` in flight
    const b = SqliteFrontier.open(path);
    expect(await b.counts()).toEqual({ queued: 1, leased: 1, ok: 1, failed: 0, skipped: 0 });
    expect(await b.recover()).toBe(1);
    expect((await b.lease(10)).map((e) => e.key)).toEqual(["k2", "k3"]);
    expect(await b.add([{ url: "http://x/1", key: "k1", host: "x", depth: 0 }])).toBe(0);
    await b.close();
  });
});

describe("SqliteFrontier lease", () => {
  it("finds the rows of other hosts behind thousands of a skipped host's, oldest first, and nothing when all are skipped", async () => {
    const f = SqliteFrontier.open(join(tempDir(), "state.db"));
    try {
      const entry = (host: string, i: number) => ({ url: `http://${host}/${i}`, key: `http://${host}/${i}`, host, depth: 1 });
      await f.add(Array.from({ length: 3000 }, (_, i) => entry("a.test", i)));
      await f.add([entry("c.test", 0), entry("b.test", 0), entry("c.test", 1), entry("b.test", 1)]);
      expect((await f.lease(3, new Set(["a.test"]))).map((e) => e.url)).toEqual(["http://c.test/0", "http://b.test/0", "http://c.test/1"]);
      expect(await f.lease(5, new Set(["a.test", "b.test"]))).toEqual([]);
      expect((await f.lease(2)).map((e) => e.url)).toEqual(["http://a.test/0", "http://a.test/1"]);
      expect((await f.lease(2, new Set(["x.test"]))).map((e) => e.url)).toEqual(["http://a.test/2", "http://a.test/3"]);
    } finally {
      await f.close();
    }
  });
});

describe("SqliteFrontier inserts many rows a statement", () => {
  // Batches of every size around the statement sizes (64, 16, 4, 1), skipped and queued
  // rows interleaved, keys repeated within a batch and across batches.
  const entry = fc.record({ k: fc.integer({ min: 0, max: 150 }), n: fc.nat(999), skip: fc.boolean() }).map(
    ({ k, n, skip }): NewEntry => ({ url: `http://x.test/${k}?n=${n}`, key: `k${k}`, host: "x.test", depth: 1, ord: n, label: `t${n}`, ...(skip ? { skip: "trap" as const } : {}) }),
  );
  const batch = fc.oneof(fc.array(entry, { maxLength: 8 }), fc.array(entry, { minLength: 60, maxLength: 150 }));

  it("adds, counts and orders rows as the in-memory frontier does", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 4 }), async (batches) => {
        const sqlite = SqliteFrontier.open(join(tempDir(), "state.db"));
        const model = new MemoryFrontier();
        try {
          const seed = { url: "http://x.test/", key: "seed", host: "x.test", depth: 0 };
          for (const f of [sqlite, model]) await f.add([seed]);
          const [a] = await sqlite.lease(1);
          const [b] = await model.lease(1);
          // The first batch through complete() (links found on a page), the rest through add().
          const [first, ...rest] = batches;
          const results = await Promise.all([sqlite, model].map((f, i) => f.complete((i === 0 ? a : b)!.id, { state: "ok", data: "", attempts: 1, status: 200 }, first!)));
          expect(results[0]).toEqual(results[1]);
          for (const more of rest) expect(await sqlite.add(more)).toBe(await model.add(more));
          expect(await sqlite.counts()).toEqual(await model.counts());
          const queued = async (f: Frontier) => (await f.lease(10_000)).map((e) => [e.key, e.url, e.ord, e.label]);
          expect(await queued(sqlite)).toEqual(await queued(model));
        } finally {
          await sqlite.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
