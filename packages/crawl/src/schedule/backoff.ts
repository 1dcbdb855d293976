/**
 * Retry delays: exponential backoff with "full jitter" (a uniform draw between 0 and the
 * exponential ceiling), which spreads the retries of many failed URLs instead of
 * synchronising them into waves (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"). The random source is injectable so tests are exact.
 * @module
 */

/** Options of {@link backoffDelay}; every time is in milliseconds. */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay. Default 500. */
  baseMs?: number;
  /** Growth per retry. Default 2. */
  factor?: number;
  /** Largest ceiling. Default 30 000. */
  maxMs?: number;
  /** Returns a number in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * The delay before retry number `retry` (0 for the first retry): a uniform draw in
 * `[0, min(maxMs, baseMs · factor^retry))`.
 *
 * @example
 * ```ts
 * backoffDelay(0, { random: () => 0.5 }); // 250
 * backoffDelay(3, { random: () => 0.5 }); // 2000  (0.5 · 500 · 2³)
 * ```
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}): number {
  const { baseMs = 500, factor = 2, maxMs = 30_000, random = Math.random } = options;
  if (!Number.isInteger(retry) || retry < 0) throw new RangeError(`retry must be an integer >= 0, got ${retry}`);
  if (!(baseMs >= 0) || !(factor >= 1) || !(maxMs >= 0)) {
    throw new RangeError(`expected baseMs >= 0, factor >= 1, maxMs >= 0, got ${baseMs}, ${factor}, ${maxMs}`);
  }
  const ceiling = Math.min(maxMs, baseMs * factor ** retry);
  return Math.floor(random() * ceiling);
}
