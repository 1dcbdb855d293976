import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecentLinks } from "./recent-links.js";

describe("RecentLinks", () => {
  it("holds at most its capacity, dropping the least recently seen first", () => {
    const r = new RecentLinks(2);
    r.addAll(["a", "b"]);
    expect(r.has("a")).toBe(true); // a is now the most recent
    r.addAll(["c"]);
    expect([r.has("a"), r.has("b"), r.has("c"), r.size]).toEqual([true, false, true, 2]);
  });

  it("agrees with a model LRU on any sequence of adds and lookups", () => {
    const op = fc.oneof(fc.record({ add: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 }) }), fc.record({ has: fc.integer({ min: 0, max: 12 }) }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(op, { maxLength: 60 }), (cap, ops) => {
        const r = new RecentLinks(cap);
        let model: string[] = []; // most recent last
        for (const o of ops) {
          if ("add" in o) {
            for (const n of o.add) {
              if (cap === 0) continue;
              model = [...model.filter((x) => x !== `u${n}`), `u${n}`];
              if (model.length > cap) model.shift();
            }
            r.addAll(o.add.map((n) => `u${n}`));
          } else {
            const want = model.includes(`u${o.has}`);
            if (want) model = [...model.filter((x) => x !== `u${o.has}`), `u${o.has}`];
            if (r.has(`u${o.has}`) !== want) return false;
          }
        }
        return r.size === model.length;
      }),
    );
  });
});
