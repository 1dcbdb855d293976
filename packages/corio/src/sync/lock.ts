/**
 * Lock: a mutual-exclusion lock for tasks (asyncio's `Lock`), strictly FIFO.
 *
 * No barging: while anyone is queued, `acquire()` parks even if the lock is free at that
 * instant (it was just released and its first waiter woken, but that waiter has not run
 * yet). So a task that releases and re-acquires at once queues behind the waiter it woke.
 * @module
 */
import { RuntimeError } from "../errors.js";
import { assert } from "../internal/assert.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Awaitable } from "../task/awaitable.js";
import { holdOp, type Held } from "./held.js";
import { guarded } from "./guarded.js";
import { DONE_TRUE, loopFor, handOut, Op, WaiterList, type WaitPolicy, type WithBody } from "./waiters.js";

/**
 * A mutual-exclusion lock for tasks. Not owned by a task: any task may release it.
 * Waiters get it in the order they asked; a cancelled waiter never strands it.
 *
 * @example
 * const lock = new Lock();
 * const html = yield* lock.with(function* () {
 *   return cache.get(url) ?? cache.set(url, yield* fetchPage(url)).get(url);
 * });
 * @example
 * yield* lock.acquire();
 * try { yield* work(); } finally { lock.release(); }
 */
export class Lock implements WaitPolicy<true> {
  /** @internal */ _loop: EventLoop | null = null;
  private held = false;
  // Invariant: waiters.woken <= 1, and waiters.woken === 1 ⇒ !held: a woken waiter is the
  // next holder, and its wakeup came from a release (or a cancelled waiter passing it on).
  private readonly waiters = new WaiterList(this);
  private readonly acquireOp = new Op<true>(() => this.tryAcquire());

  /**
   * Waits until the lock is free and no earlier waiter is queued, then takes it.
   * Resolves to `true`. If cancelled while waiting, it does not hold the lock.
   * @example yield* lock.acquire();
   */
  acquire(): Awaitable<true> {
    return handOut(this.acquireOp);
  }

  /**
   * Releases the lock and wakes the oldest waiter.
   * @throws RuntimeError if the lock is not held.
   * @example lock.release();
   */
  release(): void {
    if (!this.held) throw new RuntimeError("Lock is not acquired: release() without a matching acquire()");
    this.held = false;
    this.waiters.wakeNext();
  }

  /**
   * True while some task holds the lock.
   * @example if (!lock.locked()) console.log("free");
   */
  locked(): boolean {
    return this.held;
  }

  /**
   * Takes the lock and resolves to a {@link Held} that a `using` declaration releases at
   * the end of the block, however it ends (asyncio's `async with`, without a closure: the
   * fastest form in a hot loop). Cancelled while waiting, it holds nothing.
   * @example
   * using _ = yield* lock.hold();
   * yield* work();
   */
  hold(): Awaitable<Held> {
    return holdOp(this);
  }

  /**
   * Runs `body` holding the lock (asyncio's `async with lock:`) and resolves to its result;
   * the lock is released however the body ends.
   * @example const n = yield* lock.with(function* () { return ++counter; });
   */
  with<R>(body: WithBody<R>): Awaitable<R> {
    return guarded(this, body);
  }

  private tryAcquire(): Iterator<unknown, true, unknown> {
    if (!this.held && this.waiters.length === 0) {
      this.held = true;
      return DONE_TRUE;
    }
    return this.waiters.park(loopFor(this, "Lock"));
  }

  /** @internal */
  _resumed(): true {
    assert(!this.held, "a woken Lock waiter finds the lock free");
    this.held = true;
    return true;
  }

  /** @internal a woken waiter that will not take the lock passes the wakeup on. */
  _abandoned(): void {
    if (!this.held && this.waiters.woken === 0) this.waiters.wakeNext();
  }

  /** @internal for tests: waiters still listed. */
  _waiterCount(): number {
    return this.waiters.length;
  }

  toString(): string {
    return `Lock<${this.held ? "locked" : "unlocked"}, waiters:${this.waiters.length}>`;
  }
}
