import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecentLinks } from "./recent-links.js";

describe("RecentLinks", () => {
  it("holds at most its capacity, dropping the least recently seen first", () => {
    const r = new RecentLinks(4);
    r.addAll(["a", "b"]);
    expect(r.has("a")).toBe(true);
    r.addAll(["c", "d", "e"]);
    expect([r.has("a"), r.has("b"), r.has("e")]).toEqual([false, false, true]);
    expect(r.size).toBeLessThanOrEqual(4);
  });

  it("never claims a URL it was not given, holds at most its capacity, and keeps the last capacity/2 noted", () => {
    const op = fc.oneof(fc.record({ add: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 }) }), fc.record({ has: fc.integer({ min: 0, max: 12 }) }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(op, { maxLength: 80 }), (cap, ops) => {
        const r = new RecentLinks(cap);
        const added = new Set<string>();
        let recent: string[] = []; // distinct URLs noted (added, or found), most recent last
        const note = (u: string): void => {
          recent = [...recent.filter((x) => x !== u), u];
        };
        for (const o of ops) {
          if ("add" in o) {
            const urls = o.add.map((n) => `u${n}`);
            r.addAll(urls);
            if (cap > 0) for (const u of urls) (added.add(u), note(u));
          } else {
            const u = `u${o.has}`;
            const found = r.has(u);
            // Sound: a hit was given before (a wrong hit would drop a link never committed).
            if (found) expect(added.has(u)).toBe(true);
            // Kept: the last capacity/2 distinct URLs noted are all found.
            const kept = recent.slice(-Math.floor(cap / 2));
            if (cap >= 2 && kept.includes(u)) expect(found).toBe(true);
            if (found) note(u);
          }
          expect(r.size).toBeLessThanOrEqual(cap);
        }
      }),
      { numRuns: 500 },
    );
  });
});
