/**
 * Response times of a crawl in constant memory: a million pages cost the same few hundred
 * numbers as ten. Percentiles come from fine logarithmic buckets (each about 9 % wider than
 * the one before, so a percentile is within 9 % of the true value, never below it and never
 * above the largest time seen); the chart gets a few coarse buckets people can read.
 * @module
 */
import type { LatencyStats } from "./stats-snapshot.js";

/** Upper bounds (ms) of the histogram the dashboard and the report draw; one more bucket holds the rest. */
export const CHART_BUCKETS_MS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000] as const;

/** Fine buckets per doubling: 8 gives 2^(1/8) ≈ 1.09 between bounds. */
const STEPS_PER_DOUBLING = 8;
/** Times below 1 ms share the first fine bucket. */
const FINE_BUCKETS = STEPS_PER_DOUBLING * 24; // up to 2^24 ms ≈ 4.6 h; longer ones land in the last

function fineIndex(ms: number): number {
  if (ms <= 1) return 0;
  return Math.min(FINE_BUCKETS - 1, Math.ceil(Math.log2(ms) * STEPS_PER_DOUBLING));
}

function fineUpper(i: number): number {
  return 2 ** (i / STEPS_PER_DOUBLING);
}

/**
 * A histogram of response times.
 *
 * @example
 * ```ts
 * const h = new LatencyHistogram();
 * for (const ms of [12, 40, 41, 900]) h.add(ms);
 * h.stats().p50; // ≈ 40 (within 9 %)
 * h.stats().max; // 900
 * ```
 */
export class LatencyHistogram {
  private readonly fine = new Uint32Array(FINE_BUCKETS);
  private readonly chart = new Array<number>(CHART_BUCKETS_MS.length + 1).fill(0);
  private total = 0;
  private largest = 0;

  /** How many times were added. */
  get count(): number {
    return this.total;
  }

  /** Record one response time (ms; negative or NaN times are ignored: a clock that went back). */
  add(ms: number): void {
    if (!(ms >= 0)) return;
    this.fine[fineIndex(ms)]!++;
    let c = CHART_BUCKETS_MS.findIndex((le) => ms <= le);
    if (c === -1) c = CHART_BUCKETS_MS.length;
    this.chart[c]!++;
    this.total++;
    if (ms > this.largest) this.largest = ms;
  }

  /** The time at or below which a fraction `q` (0–1) of the responses fell; `null` when empty. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < FINE_BUCKETS; i++) {
      seen += this.fine[i]!;
      if (seen >= rank) return Math.round(Math.min(fineUpper(i), this.largest) * 10) / 10;
    }
    return this.largest;
  }

  /** The snapshot's `latency` field. */
  stats(): LatencyStats {
    return {
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
      max: this.total === 0 ? null : Math.round(this.largest * 10) / 10,
      histogram: this.chart.map((count, i) => ({ leMs: CHART_BUCKETS_MS[i] ?? null, count })),
    };
  }
}
