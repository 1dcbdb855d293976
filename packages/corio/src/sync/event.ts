/**
 * Event: a flag tasks can wait for (asyncio's `Event`). `set()` wakes every waiter at
 * once; a waiter woken by `set()` returns `true` even if `clear()` ran before it resumed.
 * @module
 */
import type { EventLoop } from "../loop/event-loop.js";
import type { Awaitable } from "../task/awaitable.js";
import { DONE_TRUE, loopFor, handOut, Op, WaiterList, type WaitPolicy } from "./waiters.js";

/**
 * A flag, initially false, that tasks wait for.
 *
 * @example
 * const ready = new Event();
 * createTask(function* () { yield* ready.wait(); console.log("go"); });
 * ready.set();
 */
export class Event implements WaitPolicy<true> {
  /** @internal */ _loop: EventLoop | null = null;
  private flag = false;
  // Invariant: flag ⇒ waiters.pending === 0 (set() woke them all).
  private readonly waiters = new WaiterList(this);
  private readonly waitOp = new Op<true>(() => (this.flag ? DONE_TRUE : this.waiters.park(loopFor(this, "Event"))));

  /**
   * True once `set()` was called and `clear()` has not been since.
   * @example if (event.isSet()) return;
   */
  isSet(): boolean {
    return this.flag;
  }

  /**
   * Sets the flag and wakes every waiter; later `wait()`s return at once.
   * @example event.set();
   */
  set(): void {
    if (this.flag) return;
    this.flag = true;
    this.waiters.wakeAll();
  }

  /**
   * Resets the flag; later `wait()`s block until the next `set()`. Waiters already woken
   * still return `true`.
   * @example event.clear();
   */
  clear(): void {
    this.flag = false;
  }

  /**
   * Waits until the flag is set; resolves to `true` (at once if it is already set).
   * @example yield* event.wait();
   */
  wait(): Awaitable<true> {
    return handOut(this.waitOp);
  }

  /** @internal */
  _resumed(): true {
    return true;
  }

  /** @internal nothing to pass on: set() woke everyone. */
  _abandoned(): void {}

  /** @internal for tests: waiters still listed. */
  _waiterCount(): number {
    return this.waiters.length;
  }

  toString(): string {
    return `Event<${this.flag ? "set" : "unset"}, waiters:${this.waiters.length}>`;
  }
}
