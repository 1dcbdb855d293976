/**
 * Condition: a lock plus a waiter list that tasks holding the lock can wait on until
 * another task notifies them (asyncio's `Condition`).
 *
 * `wait()` releases the lock, parks, and re-acquires the lock before returning — also
 * when it is cancelled, so the CancelledError leaves with the lock held (as `with` expects).
 * If any error leaves `wait()`, one other waiter is notified in its place: the error may
 * have arrived just after this waiter was notified, and that notification must not be lost
 * (asyncio 3.13; the cost is an occasional spurious wakeup, which conditions allow).
 * @module
 */
import { isCancelled, RuntimeError } from "../errors.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";
import { holdOp, type Held } from "./held.js";
import { Lock } from "./lock.js";
import { guarded } from "./guarded.js";
import { loopFor, handOut, Op, WaiterList, type WithBody } from "./waiters.js";

/**
 * A condition variable for tasks. Several conditions may share one {@link Lock}.
 *
 * @example
 * const cond = new Condition();
 * // consumer
 * yield* cond.with(function* () {
 *   yield* cond.waitFor(() => items.length > 0);
 *   return items.pop();
 * });
 * // producer
 * yield* cond.with(function* () { items.push(x); cond.notify(); });
 */
export class Condition {
  /** @internal */ _loop: EventLoop | null = null;
  private readonly lock: Lock;
  /** @internal */ readonly _waiters = new WaiterList();
  private readonly waitOp = new Op<true>(() => waitCoro(this));

  /** @param lock the lock to use; a new {@link Lock} by default. */
  constructor(lock?: Lock) {
    if (lock !== undefined && !(lock instanceof Lock)) throw new TypeError("Condition(lock): expected a corio Lock or nothing");
    this.lock = lock ?? new Lock();
  }

  /**
   * Acquires the underlying lock; resolves to `true`.
   * @example yield* cond.acquire();
   */
  acquire(): Awaitable<true> {
    return this.lock.acquire();
  }

  /**
   * Releases the underlying lock.
   * @throws RuntimeError if it is not held.
   * @example cond.release();
   */
  release(): void {
    this.lock.release();
  }

  /**
   * True while the underlying lock is held.
   * @example if (cond.locked()) cond.notify();
   */
  locked(): boolean {
    return this.lock.locked();
  }

  /**
   * Takes the underlying lock and resolves to a {@link Held} that a `using` declaration releases at
   * the end of the block, however it ends (asyncio's `async with`, without a closure: the
   * fastest form in a hot loop). Cancelled while waiting, it holds nothing.
   * @example
   * using _ = yield* cond.hold();
   * yield* work();
   */
  hold(): Awaitable<Held> {
    return holdOp(this);
  }

  /**
   * Runs `body` holding the lock and resolves to its result (asyncio's `async with cond:`).
   * @example yield* cond.with(function* () { cond.notifyAll(); });
   */
  with<R>(body: WithBody<R>): Awaitable<R> {
    return guarded(this.lock, body);
  }

  /**
   * Releases the lock, waits to be notified, re-acquires the lock and resolves to `true`.
   * A cancelled wait re-acquires the lock before the CancelledError leaves it.
   * May return spuriously: re-check your condition (or use {@link waitFor}).
   * @throws RuntimeError if the lock is not held.
   * @example yield* cond.with(function* () { while (!done) yield* cond.wait(); });
   */
  wait(): Awaitable<true> {
    return handOut(this.waitOp);
  }

  /**
   * Waits until `predicate()` is truthy and resolves to its value. The predicate is
   * checked holding the lock, first at once, then after every wakeup.
   * @throws RuntimeError if the lock is not held (when it has to wait).
   * @example const item = yield* cond.waitFor(() => queue.shift());
   */
  waitFor<T>(predicate: () => T): Awaitable<T> {
    if (typeof predicate !== "function") throw new TypeError("waitFor(predicate): expected a function");
    return lazy(() => waitForCoro(this, predicate));
  }

  /**
   * Wakes up to `n` waiting tasks (default 1), oldest first. Each resumes once it gets
   * the lock back.
   * @throws RuntimeError if the lock is not held.
   * @example cond.notify(2);
   */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    this._waiters.wakeSome(n);
  }

  /**
   * Wakes every waiting task.
   * @throws RuntimeError if the lock is not held.
   * @example cond.notifyAll();
   */
  notifyAll(): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    this._waiters.wakeAll();
  }

  /** @internal for tests: waiters still listed. */
  _waiterCount(): number {
    return this._waiters.length;
  }

  toString(): string {
    return `Condition<${this.locked() ? "locked" : "unlocked"}, waiters:${this._waiters.length}>`;
  }
}

function* waitCoro(cond: Condition): Coro<true> {
  if (!cond.locked()) throw new RuntimeError("cannot wait on un-acquired lock");
  const w = cond._waiters.park(loopFor(cond, "Condition"));
  cond.release();
  try {
    let failed = false;
    let error: unknown;
    try {
      yield* w;
    } catch (e) {
      failed = true;
      error = e;
    }
    // Re-acquire even if cancelled; a cancel during the re-acquire is remembered and
    // re-thrown once the lock is held (the latest one wins, as in asyncio).
    for (;;) {
      try {
        yield* cond.acquire();
        break;
      } catch (e) {
        if (!isCancelled(e)) throw e;
        failed = true;
        error = e;
      }
    }
    if (failed) throw error;
    return true;
  } catch (e) {
    // We may have been notified just before the error: notify someone else instead.
    cond._waiters.wakeSome(1);
    throw e;
  }
}

function* waitForCoro<T>(cond: Condition, predicate: () => T): Coro<T> {
  let result = predicate();
  while (!result) {
    yield* waitCoro(cond);
    result = predicate();
  }
  return result;
}
