/**
 * Where an event loop reads the time. corio's times are milliseconds on a monotonic clock.
 * A clock may be `virtual`: then the loop never waits on the wall clock for timers but
 * asks the clock to move (see {@link VirtualClock}).
 */
export interface Clock {
  /** Current time in milliseconds; never decreases. */
  now(): number;
  /** True for a clock that the loop advances itself instead of waiting in real time. */
  readonly virtual: boolean;
}

/**
 * The real, monotonic clock (`performance.now()`), the default.
 *
 * @example
 * await run(main, { clock: new RealClock() });
 */
export class RealClock implements Clock {
  readonly virtual = false;
  now(): number {
    return performance.now();
  }
}
