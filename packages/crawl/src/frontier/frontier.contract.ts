/**
 * The behaviour every Frontier backend must have. A backend's test file calls
 * {@link frontierContract} with a factory; the suite is the interface's executable spec.
 * @module
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Frontier, NewEntry } from "./frontier.js";

const e = (n: number, extra: Partial<NewEntry> = {}): NewEntry => ({
  url: `http://a.test/${n}`,
  key: `http://a.test/${n}`,
  host: extra.host ?? "a.test",
  depth: 1,
  ...extra,
});

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * Run the contract suite against frontiers made by `make`. `keyIndex`: the backend knows
 * which entry holds a key (memory, SQLite, Redis with an exact seen set), so a redirect
 * landing on a queued or leased URL takes that entry over; a Bloom filter cannot.
 */
export function frontierContract(name: string, make: () => Frontier | Promise<Frontier>, { keyIndex = false }: { keyIndex?: boolean } = {}): void {
  describe(`Frontier contract: ${name}`, () => {
    let f: Frontier;
    afterEach(async () => {
      await f?.close();
    });
    const open = async () => (f = await make());

    it("add ignores seen keys and counts only new ones", async () => {
      await open();
      expect(await f.add([e(1), e(2), e(1)])).toBe(2);
      expect(await f.add([e(2), e(3, { skip: "out-of-scope" })])).toBe(1);
      expect(await f.add([e(3)])).toBe(0);
      expect(await f.counts()).toEqual({ queued: 2, leased: 0, ok: 0, failed: 0, skipped: 1 });
    });

    it("lease hands out oldest first, never twice, and skips hosts", async () => {
      await open();
      await f.add([e(1), e(2, { host: "b.test" }), e(3)]);
      const first = await f.lease(1);
      expect(first.map((x) => x.url)).toEqual(["http://a.test/1"]);
      const rest = await f.lease(10, new Set(["b.test"]));
      expect(rest.map((x) => x.url)).toEqual(["http://a.test/3"]);
      expect((await f.lease(10)).map((x) => x.url)).toEqual(["http://a.test/2"]);
      expect(await f.lease(10)).toEqual([]);
      expect((await f.counts()).leased).toBe(3);
    });

    it("complete stores the outcome and the discovered links together", async () => {
      await open();
      await f.add([e(1, { ord: 0, label: "one" })]);
      const [x] = await f.lease(1);
      const r = await f.complete(x!.id, { state: "ok", data: '{"a":1}', attempts: 1, status: 200 }, [e(1), e(2), e(9, { skip: "trap" })]);
      expect(r).toEqual({ added: 2, skipped: 1, duplicate: false });
      expect(await all(f.results())).toEqual([{ id: x!.id, url: "http://a.test/1", depth: 1, ord: 0, label: "one", data: '{"a":1}' }]);
      expect(await f.counts()).toEqual({ queued: 1, leased: 0, ok: 1, failed: 0, skipped: 1 });
      await expect(f.complete(x!.id, { state: "skipped", reason: "trap" }, [])).rejects.toThrow(/not leased/);
    });

    it("resultsAfter, where there is one, skips exactly a matching head of the results", async () => {
      await open();
      if (f.resultsAfter === undefined) return; // optional: a book is then written from results() whole
      await f.add([e(1, { ord: 2 }), e(2, { ord: 0 }), e(3, { ord: 1 })]);
      for (const x of await f.lease(10)) await f.complete(x.id, { state: "ok", data: x.url, attempts: 1, status: 200 }, []);
      const ids = (await all(f.results())).map((r) => r.id);
      expect((await all(f.resultsAfter(ids.slice(0, 2))!)).map((r) => r.data)).toEqual(["http://a.test/1"]);
      expect(await all(f.resultsAfter([])!)).toEqual(await all(f.results()));
      expect(f.resultsAfter([ids[1]!])).toBeNull(); // not the first row
      expect(f.resultsAfter([ids[0]!, ids[2]!])).toBeNull(); // a row left out
    });

    it("results come by ord, then insertion; failures and skips are problems", async () => {
      await open();
      await f.add([e(1, { ord: 2 }), e(2, { ord: 0 }), e(3, { ord: 1 }), e(4), e(5, { skip: "max-depth" })]);
      const leased = await f.lease(10);
      for (const x of leased) {
        if (x.url.endsWith("/4")) await f.complete(x.id, { state: "failed", reason: "http-404", attempts: 1, status: 404, error: null }, []);
        else await f.complete(x.id, { state: "ok", data: x.url, attempts: 1, status: 200 }, []);
      }
      expect((await all(f.results())).map((r) => r.data)).toEqual(["http://a.test/2", "http://a.test/3", "http://a.test/1"]);
      expect(await all(f.problems())).toEqual([
        { url: "http://a.test/4", outcome: "failed", reason: "http-404", attempts: 1, status: 404, error: null, depth: 1 },
        { url: "http://a.test/5", outcome: "skipped", reason: "max-depth", attempts: 0, status: null, error: null, depth: 1 },
      ]);
    });

    it("a redirect to a recorded page is a duplicate: skipped, no result, no links", async () => {
      await open();
      await f.add([e(1), e(2)]);
      const [a, b] = await f.lease(2);
      expect(await f.complete(a!.id, { state: "ok", data: "a", finalKey: "http://a.test/final", attempts: 1, status: 200 }, [])).toMatchObject({ added: 0, skipped: 0, duplicate: false });
      expect(await f.complete(b!.id, { state: "ok", data: "b", finalKey: "http://a.test/final", attempts: 1, status: 200 }, [e(7)])).toEqual({ added: 0, skipped: 0, duplicate: true });
      expect((await all(f.results())).map((r) => r.data)).toEqual(["a"]);
      // ok = results: the duplicate is a skip with its reason, for errors.jsonl and the summary.
      expect(await f.counts()).toEqual({ queued: 0, leased: 0, ok: 1, failed: 0, skipped: 1 });
      expect((await all(f.problems())).map((p) => [p.url, p.outcome, p.reason])).toEqual([["http://a.test/2", "skipped", "duplicate"]]);
      expect(await f.add([e(7)])).toBe(1);
      expect(await f.add([{ ...e(8), key: "http://a.test/final" }])).toBe(0);
    });

    it.runIf(keyIndex)("a redirect landing on a queued URL fetched it: the queued entry leaves the queue", async () => {
      await open();
      await f.add([e(1), e(2)]);
      const [a] = await f.lease(1);
      expect(await f.complete(a!.id, { state: "ok", data: "a", finalKey: "http://a.test/2", attempts: 1, status: 200 }, [])).toEqual({ added: 0, skipped: 0, duplicate: false, landed: true });
      expect(await f.lease(10)).toEqual([]);
      expect(await f.counts()).toEqual({ queued: 0, leased: 0, ok: 1, failed: 0, skipped: 0 });
      expect(await f.add([e(2)])).toBe(0);
    });

    it.runIf(keyIndex)("a redirect landing on a leased URL takes it over: completing that URL stores nothing", async () => {
      await open();
      await f.add([e(1), e(2)]);
      const [a, b] = await f.lease(2);
      expect(await f.complete(a!.id, { state: "ok", data: "a", finalKey: "http://a.test/2", attempts: 1, status: 200 }, [])).toMatchObject({ duplicate: false, landed: true });
      expect(await f.complete(b!.id, { state: "ok", data: "b", attempts: 1, status: 200 }, [e(3)])).toEqual({ added: 0, skipped: 0, duplicate: true, lost: true });
      expect((await all(f.results())).map((r) => r.data)).toEqual(["a"]);
      expect(await f.counts()).toEqual({ queued: 0, leased: 0, ok: 1, failed: 0, skipped: 0 });
    });

    it("release and recover re-queue leases; skipQueued ends the queue", async () => {
      await open();
      await f.add([e(1), e(2), e(3)]);
      const leased = await f.lease(3);
      await f.release([leased[0]!.id, 12345]);
      expect((await f.counts()).queued).toBe(1);
      expect(await f.recover()).toBe(2);
      expect((await f.counts()).queued).toBe(3);
      expect(await f.skipQueued("max-pages")).toBe(3);
      expect(await f.counts()).toEqual({ queued: 0, leased: 0, ok: 0, failed: 0, skipped: 3 });
    });

    it("keeps meta values", async () => {
      await open();
      expect(await f.getMeta("identity")).toBeNull();
      await f.setMeta("identity", "x");
      await f.setMeta("identity", "y");
      expect(await f.getMeta("identity")).toBe("y");
    });
  });
}
