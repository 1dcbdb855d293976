import type { Clock } from "./clock.js";
import { RangeErrorFor } from "../internal/validate.js";

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /**
   * Jump to the next timer as soon as no task can run and no outside work (a `call`ed
   * promise, a socket read) is pending. Default `true`: tests of timeouts take no wall time.
   */
  autojump?: boolean;
  /** The time the clock starts at, in ms. Default 0. */
  start?: number;
  /**
   * With autojump, how long (real ms) the loop waits for pending outside work to make
   * progress before it jumps anyway. Outside work may itself be waiting on virtual time
   * (a `call`ed async function that sleeps), so waiting for it forever could deadlock.
   * Default 50.
   */
  autojumpThreshold?: number;
}

/**
 * A clock that only moves when told to (`advance(ms)`) or, with `autojump` (the default),
 * when the loop has nothing else to do — Trio's MockClock. Use it to test code full of
 * timeouts and sleeps deterministically and instantly.
 *
 * @example
 * const clock = new VirtualClock();
 * await run(function* () { yield* sleep(3_600_000); }, { clock }); // returns at once
 * clock.now(); // 3_600_000
 */
export class VirtualClock implements Clock {
  readonly virtual = true;
  readonly autojump: boolean;
  readonly autojumpThreshold: number;
  private t: number;
  private listeners = new Set<() => void>();

  constructor(options: VirtualClockOptions = {}) {
    this.autojump = options.autojump ?? true;
    this.autojumpThreshold = options.autojumpThreshold ?? 50;
    if (!(this.autojumpThreshold >= 0)) throw RangeErrorFor("VirtualClock({ autojumpThreshold })", "a non-negative number of real milliseconds", options.autojumpThreshold);
    this.t = options.start ?? 0;
  }

  now(): number {
    return this.t;
  }

  /**
   * Moves time forward by `ms` and wakes every loop on this clock so due timers fire.
   * @throws RangeError for a negative or NaN `ms`.
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw RangeErrorFor("advance(ms)", "a non-negative number of milliseconds", ms);
    this.t += ms;
    for (const wake of this.listeners) wake();
  }

  /** @internal the loop moves an autojump clock to its next timer. */
  _jumpTo(when: number): void {
    if (when > this.t) this.t = when;
  }

  /** @internal */
  _subscribe(wake: () => void): () => void {
    this.listeners.add(wake);
    return () => this.listeners.delete(wake);
  }
}
