/**
 * Wakeup: the light thing a task can park on besides a Future.
 *
 * Every contended `acquire()`, `get()`, `wait()`… parks its task on a waiter record. That
 * record used to be a full Future (ten fields for results, exceptions, callbacks, a
 * promise, gather marks, unretrieved-exception tracking), none of which a waiter uses:
 * it has exactly one task waiting on it, never a result or an exception, and ends either
 * woken or cancelled. With 100 000 tasks queued on a semaphore those unused fields were
 * most of what the garbage collector copied (bench/: semaphore workload profile). A
 * Wakeup keeps only what the task protocol needs (task.ts `onYield` and `cancel`):
 * its loop, `done()`, parking one task, and `cancel(msg)`.
 * @module
 */
import { cancelledError, type CancelledError } from "../errors.js";
import { assert } from "../internal/assert.js";
import type { Runnable } from "../loop/handles.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Waiter } from "./future.js";

const PENDING = 0;
const WOKEN = 1;
const CANCELLED = 2;

/**
 * A one-shot notification one task waits on: pending, then woken or cancelled. Yielding
 * it from a coroutine parks the running task until then, like yielding a pending Future.
 * @internal
 */
export class Wakeup implements Runnable {
  /** @internal */ _state: number = PENDING;
  /** The task parked on it, until its wakeup runs. */
  private task: Waiter | null = null;
  /** @internal */ _cancelMessage: string | undefined = undefined;

  constructor(/** @internal */ readonly _loop: EventLoop) {}

  /** True once woken or cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** True if cancelled (before any wakeup). */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /** True once woken (even if the waiting task was cancelled afterwards). */
  woken(): boolean {
    return this._state === WOKEN;
  }

  /** @internal pending → woken: the parked task resumes on a later loop turn. */
  _wake(): void {
    assert(this._state === PENDING, "a Wakeup is woken at most once, and never after a cancel");
    this._state = WOKEN;
    if (this.task !== null) this._loop._schedule(this);
  }

  /**
   * pending → cancelled (a task cancelling its wait): the parked task resumes on a later
   * loop turn and reads the cancellation. Returns `false` if already woken or cancelled.
   */
  cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = msg;
    if (this.task !== null) this._loop._schedule(this);
    return true;
  }

  /** @internal a task parks on it (task.ts `onYield`); only ever one. */
  _addWaiter(w: Waiter): void {
    assert(this.task === null, "one task waits on a Wakeup");
    if (this._state !== PENDING) {
      this._loop.callSoon(() => w._wakeup());
      return;
    }
    this.task = w;
  }

  /** @internal the task parked on it (debug mode names it in slow-step reports). */
  _parked(): Waiter | null {
    return this.task;
  }

  /** @internal run from the ready queue once woken or cancelled: resume the task. */
  _run(): void {
    const task = this.task;
    this.task = null;
    task?._wakeup();
  }

  /** @internal the error a cancelled wait throws into its coroutine. */
  _makeCancelledError(): CancelledError {
    return cancelledError(this._cancelMessage ?? "", this._loop.getDebug());
  }

  /** A short description for messages, like Future's. */
  describe(): string {
    const state = this._state === PENDING ? "pending" : this._state === CANCELLED ? "cancelled" : "woken";
    return `${this.constructor.name}<${state}>`;
  }

  toString(): string {
    return this.describe();
  }
}
