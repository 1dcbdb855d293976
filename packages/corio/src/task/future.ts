import { CancelledError, InvalidStateError, cancelledError } from "../errors.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Runnable } from "../loop/handles.js";
import { getRunningLoop } from "../loop/running-loop.js";
import { runningAsyncTask } from "./async-context.js";
import { returned, yielded, type Awaitable } from "./awaitable.js";
import { reportLater, type Unretrieved } from "./unretrieved.js";

const PENDING = 0;
const FINISHED = 1;
const CANCELLED = 2;
/** Finished with an exception, which `_result` then holds (one field fewer per future). */
const FAILED = 3;

/** What a callback list holds. */
type Callback = ((f: any) => void) | Waiter;

/** A done callback: receives the future once it is done. */
export type DoneCallback<T> = (future: Future<T>) => void;

/**
 * What a done-callback list holds: a plain callback, or a task parked on this future.
 * Parked tasks are stored as themselves (not wrapped in a closure) so waking one costs
 * no allocation. Its member is internal; the interface stays in the declarations
 * because `Task` implements it.
 */
export interface Waiter {
  /** @internal */
  _wakeup(): void;
}

/**
 * A result that will exist later (asyncio's `Future`): pending, then finished with a
 * result or an exception, or cancelled. Done callbacks run on a later loop turn, in the
 * order they were added. A Future is an {@link Awaitable}: `yield* fut` in a coroutine,
 * `await fut` elsewhere.
 *
 * @example
 * const fut = loop.createFuture<number>();
 * loop.callLater(10, () => fut.setResult(42));
 * const v = yield* fut; // 42
 */
export class Future<T> implements Awaitable<T>, Runnable {
  /** @internal */ _state: number = PENDING;
  // One slot, read by state: the result when FINISHED, the exception when FAILED, and the
  // CancelledError every reader sees (made on first read) when CANCELLED. Every field
  // here is paid by every task, and 100 000 queued tasks are mostly fields for the GC.
  /** @internal */ _result: unknown = undefined;
  /** @internal */ _cancelMessage: string | undefined = undefined;
  // `any`: callbacks are stored untyped so Future<T> stays covariant in T.
  // One callback (the usual case: the task waiting on this future) is stored as is; an
  // array only from the second on, saving an allocation per wait.
  /** @internal */ _callbacks: Callback | Callback[] | null = null;
  /** @internal */ _promise: Promise<T> | null = null;
  /** @internal the last gather() call that saw this future (its de-duplication mark). */
  _gatherMark = 0;
  /** @internal set while an exception nobody has looked at waits to be reported. */
  _unretrieved: Unretrieved | null = null;
  /** @internal */ readonly _loop: EventLoop;

  constructor(loop?: EventLoop) {
    this._loop = loop ?? getRunningLoop();
  }

  /** The loop this future belongs to. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** True once finished with a result or an exception, or cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** True if cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The result; throws the exception if it finished with one, `CancelledError` if
   * cancelled, `InvalidStateError` if still pending.
   */
  result(): T {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state === PENDING) throw new InvalidStateError("Result is not ready: the future is still pending");
    this._markRetrieved();
    if (this._state === FAILED) throw this._result;
    return this._result as T;
  }

  /**
   * The exception it finished with (`undefined` for a result); throws `CancelledError` if
   * cancelled and `InvalidStateError` if pending.
   */
  exception(): unknown {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state === PENDING) throw new InvalidStateError("Exception is not set: the future is still pending");
    this._markRetrieved();
    return this._state === FAILED ? this._result : undefined;
  }

  /**
   * Finishes the future with `value` and schedules the done callbacks.
   * @throws InvalidStateError if already done.
   */
  setResult(value: T): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${this.describe()} is already done`);
    this._result = value;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Finishes the future with an exception. Unless someone retrieves it (`result()`,
   * `exception()`, `await`, `yield*`), it is reported through the loop's exception handler
   * when the future is garbage-collected or its loop closes.
   * @throws InvalidStateError if already done; TypeError for `undefined`.
   */
  setException(exception: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${this.describe()} is already done`);
    if (exception === undefined) throw new TypeError("setException(undefined): pass an Error");
    this._result = exception;
    this._state = FAILED;
    this._unretrieved = reportLater(this, exception);
    this._scheduleCallbacks();
  }

  /**
   * Cancels the future: returns `false` if it was already done, else marks it cancelled,
   * schedules the callbacks and returns `true`. `msg` becomes the CancelledError's message.
   */
  cancel(msg?: string): boolean {
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = msg;
    this._scheduleCallbacks();
    return true;
  }

  /**
   * Runs `fn(this)` once done, on a later loop turn (scheduled at once if already done).
   * `fn` receives this very object, typed as such: a Task's callback gets the Task.
   * @example task.addDoneCallback((t) => console.log(t.getName(), t.result()));
   */
  addDoneCallback(fn: (future: this) => void): void {
    if (this._state !== PENDING) {
      this._loop.callSoon(fn, this);
      return;
    }
    this.pushCallback(fn);
  }

  /** Removes every registration of `fn`; returns how many were removed. */
  removeDoneCallback(fn: (future: this) => void): number {
    const cbs = this.callbackList();
    const kept = cbs.filter((c) => c !== fn);
    this._callbacks = kept.length === 0 ? null : kept.length === 1 ? kept[0]! : kept;
    return cbs.length - kept.length;
  }

  /** @internal parks a task (or anything with `_wakeup`) on this future. */
  _addWaiter(w: Waiter): void {
    if (this._state !== PENDING) {
      this._loop.callSoon(() => w._wakeup());
      return;
    }
    this.pushCallback(w);
  }

  private pushCallback(cb: Callback): void {
    const cbs = this._callbacks;
    if (cbs === null) this._callbacks = cb;
    else if (Array.isArray(cbs)) cbs.push(cb);
    else this._callbacks = [cbs, cb];
  }

  /** The callbacks as a list (a copy when stored as one). */
  private callbackList(): Callback[] {
    const cbs = this._callbacks;
    return cbs === null ? [] : Array.isArray(cbs) ? cbs : [cbs];
  }

  /** @internal */
  _removeWaiter(w: Waiter): void {
    const cbs = this._callbacks;
    if (cbs === w) this._callbacks = null;
    else if (Array.isArray(cbs)) {
      const i = cbs.indexOf(w);
      if (i >= 0) cbs.splice(i, 1);
    }
  }

  /** Yields this future to the running task and resumes with its result. */
  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    return new FutureIter(this);
  }

  /**
   * `await fut` works from any async code. Inside an async-function task, the future is
   * tied to the task: cancelling the task cancels it (as `yield*` does in a coroutine).
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    runningAsyncTask()?._awaitedFromAsync(this as Future<unknown>);
    return this._asPromise().then(onfulfilled, onrejected);
  }

  /** A short description for messages: `Future<pending>`, `Task "fetch"<done>`… */
  describe(): string {
    const state = this._state === PENDING ? "pending" : this._state === CANCELLED ? "cancelled" : "finished";
    return `${this.constructor.name}<${state}>`;
  }

  toString(): string {
    return this.describe();
  }

  /** @internal */
  _asPromise(): Promise<T> {
    return (this._promise ??= new Promise<T>((resolve, reject) => {
      this.addDoneCallback((f) => {
        try {
          resolve(f.result());
        } catch (e) {
          reject(e);
        }
      });
    }));
  }

  /** @internal */
  _makeCancelledError(): CancelledError {
    // Cached in `_result`: every reader of one cancelled future sees the same error object.
    if (this._state === CANCELLED && this._result !== undefined) return this._result as CancelledError;
    const e = cancelledError(this._cancelMessage ?? "", this._loop.getDebug());
    if (this._state === CANCELLED) this._result = e;
    return e;
  }

  /** @internal */
  _markRetrieved(): void {
    if (this._unretrieved !== null) {
      this._unretrieved.retrieve();
      this._unretrieved = null;
    }
  }

  /** @internal the loop runs a done future's callbacks as one ready-queue entry. */
  _run(): void {
    const cbs = this._callbacks;
    if (cbs === null) return;
    this._callbacks = null;
    if (!Array.isArray(cbs)) {
      this._runCallback(cbs);
      return;
    }
    for (let i = 0; i < cbs.length; i++) this._runCallback(cbs[i]!);
  }

  /** @internal one done callback, or a parked task's wakeup (debug mode times each one). */
  _runCallback(cb: Callback): void {
    if (typeof cb === "function") {
      try {
        cb(this);
      } catch (exception) {
        this._loop.callExceptionHandler({ message: `Exception in done callback ${cb.name || "<anonymous>"}`, exception });
      }
    } else {
      cb._wakeup();
    }
  }

  /** @internal */
  _scheduleCallbacks(): void {
    // All callbacks of one future were queued back to back by asyncio, so running them as
    // one entry keeps the order while costing one queue slot instead of one Handle each.
    if (this._callbacks !== null) this._loop._schedule(this);
  }
}

/**
 * The iterator behind `yield* future`: yield the future once, then return its result
 * (which throws its exception or CancelledError). A class, not a generator, because it
 * is created on every wait.
 * @internal
 */
export class FutureIter<T> implements Iterator<unknown, T, unknown> {
  private yielded = false;
  constructor(private readonly future: Future<T>) {}

  next(): IteratorResult<unknown, T> {
    const f = this.future;
    if (!this.yielded && f._state === PENDING) {
      this.yielded = true;
      return yielded(f);
    }
    return returned(f.result());
  }

  throw(e: unknown): IteratorResult<unknown, T> {
    // A cancel thrown in instead of the outcome of the future this step waited on: that
    // outcome is superseded, not lost — asyncio's Task.__wakeup has called result() by then.
    if (this.yielded && this.future._state !== PENDING) this.future._markRetrieved();
    throw e;
  }

  return(value?: T): IteratorResult<unknown, T> {
    return { done: true, value: value as T };
  }

  [Symbol.iterator](): this {
    return this;
  }
}
