import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHART_BUCKETS_MS, LatencyHistogram } from "./latency-histogram.js";

/** The exact q-quantile by the same rank rule (the ceil(q·n)-th smallest). */
function exact(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe("LatencyHistogram", () => {
  it("is empty until a time is added", () => {
    const s = new LatencyHistogram().stats();
    expect([s.p50, s.p90, s.p99, s.max]).toEqual([null, null, null, null]);
    expect(s.histogram).toHaveLength(CHART_BUCKETS_MS.length + 1);
    expect(s.histogram.at(-1)!.leMs).toBeNull();
  });

  it("puts each time in the first chart bucket whose bound holds it, the rest in the last", () => {
    const h = new LatencyHistogram();
    for (const ms of [3, 10, 11, 20_000, -5, Number.NaN]) h.add(ms);
    const s = h.stats();
    expect(h.count).toBe(4); // negative and NaN ignored
    expect(s.histogram.find((b) => b.leMs === 10)!.count).toBe(2);
    expect(s.histogram.find((b) => b.leMs === 25)!.count).toBe(1);
    expect(s.histogram.at(-1)!.count).toBe(1);
    expect(s.max).toBe(20_000);
  });

  it("gives percentiles no lower than the exact one, at most 10 % above it, never above the max", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.9, 0.99), (times, q) => {
        const h = new LatencyHistogram();
        times.forEach((t) => h.add(t));
        const sorted = [...times].sort((a, b) => a - b);
        const want = exact(sorted, q);
        const got = h.quantile(q)!;
        // Rounding to 0.1 ms can move it by 0.05 either way.
        expect(got).toBeGreaterThanOrEqual(want - 0.05);
        expect(got).toBeLessThanOrEqual(want * 1.1 + 0.05);
        expect(got).toBeLessThanOrEqual(Math.round(sorted.at(-1)! * 10) / 10);
        expect(h.stats().histogram.reduce((n, b) => n + b.count, 0)).toBe(times.length);
      }),
    );
  });
});
