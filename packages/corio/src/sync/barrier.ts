/**
 * Barrier: `parties` tasks wait until all of them have arrived, then all go on
 * (asyncio's `Barrier`, built the same way: a {@link Condition} and a small state machine).
 *
 * States: filling (tasks arrive) → draining (the last arrival released them; newcomers
 * wait until every released task has left) → filling again. `reset()` moves to resetting
 * (waiters get BrokenBarrierError, then the barrier refills); `abort()` breaks it for good.
 * @module
 */
import { BrokenBarrierError } from "../errors.js";
import { RangeErrorFor } from "../internal/validate.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";
import { Condition } from "./condition.js";

const FILLING = "filling";
const DRAINING = "draining";
const RESETTING = "resetting";
const BROKEN = "broken";
type State = typeof FILLING | typeof DRAINING | typeof RESETTING | typeof BROKEN;

/**
 * A barrier for a fixed number of tasks.
 *
 * @throws RangeError if `parties` is not a positive integer.
 * @example
 * const barrier = new Barrier(3);
 * // in each of 3 tasks:
 * const index = yield* barrier.wait(); // 0, 1 or 2: the order of arrival
 */
export class Barrier {
  private readonly cond = new Condition();
  private readonly nParties: number;
  private state: State = FILLING;
  // Invariant: count = tasks inside wait() past the entry check (arrived, or released and not yet left).
  private count = 0;

  constructor(parties: number) {
    if (typeof parties !== "number") throw new TypeError(`Barrier(parties): expected a number, got ${typeof parties}`);
    if (!(Number.isInteger(parties) && parties >= 1)) throw RangeErrorFor("Barrier(parties)", "a positive integer", parties);
    this.nParties = parties;
  }

  /**
   * Waits until `parties` tasks are waiting, then releases them all. Resolves to this
   * task's arrival index, `0` … `parties - 1`.
   * @throws BrokenBarrierError if the barrier is broken or reset while waiting.
   * @example const i = yield* barrier.wait(); if (i === 0) console.log("first to arrive");
   */
  wait(): Awaitable<number> {
    return lazy(() => this.waitCoro());
  }

  /**
   * Returns the barrier to its empty state; tasks waiting on it get BrokenBarrierError.
   * @example yield* barrier.reset();
   */
  reset(): Awaitable<void> {
    return this.cond.with(() => this.resetBody());
  }

  /**
   * Breaks the barrier: current and future `wait()`s get BrokenBarrierError.
   * @example yield* barrier.abort();
   */
  abort(): Awaitable<void> {
    return this.cond.with(() => this.abortBody());
  }

  /**
   * The number of tasks needed to pass the barrier.
   * @example console.log(barrier.parties);
   */
  get parties(): number {
    return this.nParties;
  }

  /**
   * The number of tasks waiting for the barrier to fill.
   * @example console.log(barrier.nWaiting);
   */
  get nWaiting(): number {
    return this.state === FILLING ? this.count : 0;
  }

  /**
   * True once `abort()` broke the barrier.
   * @example if (barrier.broken) return;
   */
  get broken(): boolean {
    return this.state === BROKEN;
  }

  toString(): string {
    return `Barrier<${this.state}, waiters:${this.nWaiting}/${this.nParties}>`;
  }

  private *waitCoro(): Coro<number> {
    return yield* this.cond.with(() => this.inside());
  }

  private *inside(): Coro<number> {
    // Wait while a previous round drains or a reset completes.
    yield* this.cond.waitFor(() => this.state !== DRAINING && this.state !== RESETTING);
    if (this.state === BROKEN) throw new BrokenBarrierError("Barrier aborted");
    const index = this.count++;
    try {
      if (index + 1 === this.nParties) {
        this.state = DRAINING;
        this.cond.notifyAll();
      } else {
        yield* this.cond.waitFor(() => this.state !== FILLING);
        const state = this.state as State; // changed by other tasks while we waited
        if (state === BROKEN || state === RESETTING) throw new BrokenBarrierError("Abort or reset of barrier");
      }
      return index;
    } finally {
      this.count--;
      this.exit();
    }
  }

  // Generators only so they fit `with`; neither waits.
  // eslint-disable-next-line require-yield
  private *resetBody(): Coro<void> {
    if (this.count > 0) this.state = RESETTING;
    else this.state = FILLING;
    this.cond.notifyAll();
  }

  // eslint-disable-next-line require-yield
  private *abortBody(): Coro<void> {
    this.state = BROKEN;
    this.cond.notifyAll();
  }

  /** The last task out of a draining or resetting barrier makes it fill again. */
  private exit(): void {
    if (this.count === 0) {
      if (this.state === RESETTING || this.state === DRAINING) this.state = FILLING;
      this.cond.notifyAll();
    }
  }
}
