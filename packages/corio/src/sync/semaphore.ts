/**
 * Semaphore and BoundedSemaphore (asyncio's), strictly FIFO.
 *
 * `value` counts free permits, including those earmarked for woken waiters that have not
 * resumed yet (`waiters.woken`): a permit leaves `value` only when a task actually holds
 * it, so a waiter cancelled after its wakeup gives nothing back and strands nothing — it
 * simply lets the next waiter have the wakeup. asyncio 3.13 instead decrements at wake
 * time and re-increments on that cancellation; the two agree on everything observable.
 * @module
 */
import { RangeErrorFor } from "../internal/validate.js";
import { assert } from "../internal/assert.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Awaitable } from "../task/awaitable.js";
import { holdOp, type Held } from "./held.js";
import { guarded } from "./guarded.js";
import { DONE_TRUE, loopFor, handOut, Op, WaiterList, type WaitPolicy, type WithBody } from "./waiters.js";

/**
 * A counter of permits: `acquire()` takes one (waiting while there is none), `release()`
 * gives one back. Waiters are served in order; no task barges past a queued one.
 *
 * @throws RangeError for a negative or non-integer initial value.
 * @example
 * const sem = new Semaphore(5); // at most 5 requests at once
 * yield* sem.with(function* () { yield* fetchOne(url); });
 */
export class Semaphore implements WaitPolicy<true> {
  /** @internal */ _loop: EventLoop | null = null;
  // Invariant: waiters.woken <= value (every woken waiter has a permit earmarked), and
  // value > waiters.woken ⇒ no pending waiter, unless a woken one is about to resume and
  // wake more (asyncio's "wake as many as allowed" after each acquire).
  /** @internal */ protected _value: number;
  private readonly waiters = new WaiterList(this);
  private readonly acquireOp = new Op<true>(() => this.tryAcquire());

  constructor(value = 1) {
    if (typeof value !== "number") throw new TypeError(`Semaphore(value): expected a number of permits, got ${typeof value}`);
    if (!(Number.isInteger(value) && value >= 0)) throw RangeErrorFor("Semaphore(value)", "a non-negative integer", value);
    this._value = value;
  }

  /**
   * True when `acquire()` would wait: no free permit, or someone is already queued.
   * @example if (sem.locked()) console.log("at capacity");
   */
  locked(): boolean {
    return this._value === 0 || this.waiters.length > 0;
  }

  /**
   * Takes a permit, waiting in line while none is free. Resolves to `true`.
   * @example yield* sem.acquire();
   */
  acquire(): Awaitable<true> {
    return handOut(this.acquireOp);
  }

  /**
   * Gives a permit back and wakes the oldest waiter, if any. Never throws for a plain
   * Semaphore (see {@link BoundedSemaphore}).
   * @example sem.release();
   */
  release(): void {
    this._value++;
    this.fill();
  }

  /**
   * Takes a permit and resolves to a {@link Held} that a `using` declaration releases at
   * the end of the block, however it ends (asyncio's `async with`, without a closure: the
   * fastest form in a hot loop). Cancelled while waiting, it holds nothing.
   * @example
   * using _ = yield* sem.hold();
   * yield* work();
   */
  hold(): Awaitable<Held> {
    return holdOp(this);
  }

  /**
   * Runs `body` holding a permit and resolves to its result; the permit is returned
   * however the body ends.
   * @example yield* sem.with(function* () { yield* sleep(1000); });
   */
  with<R>(body: WithBody<R>): Awaitable<R> {
    return guarded(this, body);
  }

  private tryAcquire(): Iterator<unknown, true, unknown> {
    if (this._value > 0 && this.waiters.length === 0) {
      this._value--;
      return DONE_TRUE;
    }
    return this.waiters.park(loopFor(this));
  }

  /** Wakes pending waiters while there are permits nobody has been woken for. */
  private fill(): void {
    while (this._value > this.waiters.woken && this.waiters.wakeNext());
  }

  /** @internal */
  _resumed(): true {
    assert(this._value > this.waiters.woken, "a woken Semaphore waiter has a permit earmarked");
    this._value--;
    this.fill();
    return true;
  }

  /** @internal a woken waiter leaving lets its earmarked permit wake the next one. */
  _abandoned(): void {
    this.fill();
  }

  /** @internal for tests: waiters still listed. */
  _waiterCount(): number {
    return this.waiters.length;
  }

  toString(): string {
    return `${this.constructor.name}<value:${this._value}, waiters:${this.waiters.length}>`;
  }
}

/**
 * A {@link Semaphore} that refuses to be released more often than acquired.
 *
 * @throws RangeError from `release()` when every permit is already free.
 * @example
 * const sem = new BoundedSemaphore(2);
 * sem.release(); // RangeError: BoundedSemaphore released too many times
 */
export class BoundedSemaphore extends Semaphore {
  private readonly bound: number;

  constructor(value = 1) {
    super(value);
    this.bound = value;
  }

  /**
   * Gives a permit back.
   * @throws RangeError if that would make more permits than the initial value.
   * @example sem.release();
   */
  override release(): void {
    if (this._value >= this.bound) {
      throw new RangeError(`BoundedSemaphore released too many times (it has ${this.bound} permit${this.bound === 1 ? "" : "s"})`);
    }
    super.release();
  }
}
