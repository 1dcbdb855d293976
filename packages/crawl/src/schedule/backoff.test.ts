import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay", () => {
  it("draws uniformly below an exponential ceiling", () => {
    const half = () => 0.5;
    expect([0, 1, 2, 3].map((r) => backoffDelay(r, { random: half }))).toEqual([250, 500, 1000, 2000]);
  });

  it("spans the whole range from 0 (full jitter)", () => {
    expect(backoffDelay(4, { random: () => 0 })).toBe(0);
    expect(backoffDelay(4, { random: () => 0.999999 })).toBe(7999);
  });

  it("caps the ceiling at maxMs", () => {
    expect(backoffDelay(50, { random: () => 0.5 })).toBe(15_000);
    expect(backoffDelay(3, { baseMs: 100, factor: 10, maxMs: 1_000, random: () => 0.5 })).toBe(500);
  });

  it("stays within [0, min(max, base·factor^retry)) (property)", () => {
    fc.assert(
      fc.property(
        fc.nat(40),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseMs, factor, maxMs, r) => {
          const d = backoffDelay(retry, { baseMs, factor, maxMs, random: () => r });
          const ceiling = Math.min(maxMs, baseMs * factor ** retry);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(ceiling);
          expect(Number.isInteger(d)).toBe(true);
        },
      ),
    );
  });

  it("uses Math.random by default", () => {
    const d = backoffDelay(1);
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThan(1000);
  });

  it.each([-1, 1.5, Number.NaN])("refuses retry %s", (r) => {
    expect(() => backoffDelay(r)).toThrow(RangeError);
  });

  it("refuses nonsense options", () => {
    expect(() => backoffDelay(0, { factor: 0.5 })).toThrow(/factor >= 1/);
    expect(() => backoffDelay(0, { baseMs: -1 })).toThrow(RangeError);
  });
});
