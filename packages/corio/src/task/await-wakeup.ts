/**
 * `await` on a corio wait, without a Task in between.
 *
 * An async function that awaits `lock.acquire()`, `sem.acquire()`, `event.wait()` or
 * `sleep(0)` used to get a whole Task (plus its Future and that Future's promise) per
 * `await`, stepped on a later loop turn only to run the same "try now, else park" that
 * `yield*` runs inline: a contended Lock hand-off cost two tasks, four promises and, from
 * outside a loop turn, a `setImmediate` hop (bench/: `lock`, `semaphore`, corio-await rows).
 * Here the `then` of those awaitables tries at once, in the awaiting code, and when it has
 * to wait it parks the promise's resolvers on the waiter record itself ({@link Wakeup}):
 *
 * - {@link awaitParked}: a Parked waiter (a Wakeup that is also the iterator finishing
 *   the wait) gets an {@link AwaitWaiter} in place of a task; when the waiter runs on the
 *   loop it finishes the wait (takes the lock or permit) and resolves the promise.
 * - {@link TurnWakeup}: `await sleep(0)` is one ready-queue entry that resolves on the
 *   next loop turn.
 *
 * Cancellation stays that of an async-function task (task.ts `cancel`): both records are
 * tied to the running task (`_awaitedFromAsync`), so cancelling it cancels the wait and
 * the `await` rejects with CancelledError; a cancel that arrived while it awaited nothing
 * lands on its next corio `await` (`_takePendingCancel`), before anything is taken; and a
 * cancel after the wakeup but before the waiter ran gives the wait up (the lock passes on),
 * as the `yield*` of a generator task does.
 *
 * Rejected: resolving the promise inside `release()` (handing the lock over at wake time,
 * what promise mutexes do). It saves the loop turn but breaks corio's fairness rule (one
 * turn runs what was ready when it began) and the wake-is-a-notification design of
 * sync/waiters.ts, which every other primitive relies on.
 * @module
 */
import { cancelledError, type CancelledError } from "../errors.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Runnable } from "../loop/handles.js";
import { runningAsyncTask } from "./async-context.js";
import type { Waiter } from "./future.js";
import type { Task } from "./task.js";
import type { Wakeup } from "./wakeup.js";

type OnFulfilled<T, R1> = ((value: T) => R1 | PromiseLike<R1>) | null | undefined;
type OnRejected<R2> = ((reason: unknown) => R2 | PromiseLike<R2>) | null | undefined;

/** A Wakeup whose own iterator finishes the wait once it is woken or cancelled (sync/waiters.ts `Parked`). */
export type ParkedWait<T> = Wakeup & Iterator<unknown, T, unknown>;

/**
 * The CancelledError an `await` starting now in `task` (the running async-function task,
 * if any) must reject with — a cancel that found it awaiting nothing — or null. Consumes
 * that cancel.
 * @internal
 */
export function pendingCancel(task: Task<unknown> | undefined): CancelledError | null {
  return task === undefined ? null : task._takePendingCancel();
}

/** Settled promises `settledThen` chains on for the usual results (`acquire()`'s `true`). */
const FULFILLED_TRUE = Promise.resolve(true);
const FULFILLED_UNDEFINED = Promise.resolve(undefined);

/** `then` of a wait that finished at once (or failed at once). @internal */
export function settledThen<T, R1, R2>(value: T, error: unknown, failed: boolean, onfulfilled: OnFulfilled<T, R1>, onrejected: OnRejected<R2>): Promise<R1 | R2> {
  // An uncontended `await lock.acquire()` chains on a shared settled promise: one promise
  // fewer per await (a settled promise keeps no reactions, so sharing it is invisible).
  const settled = failed
    ? Promise.reject(error)
    : value === true
      ? FULFILLED_TRUE
      : value === undefined
        ? FULFILLED_UNDEFINED
        : Promise.resolve(value);
  return (settled as Promise<T>).then(onfulfilled, onrejected);
}

/** Where `new Promise(capture)` leaves its resolvers: no executor closure per promise. */
let capturedResolve: (value: unknown) => void = () => {};
let capturedReject: (reason: unknown) => void = () => {};
function capture(resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** A native promise and its resolvers, made only when someone chains on a {@link Settler}. */
class Chain {
  readonly promise: Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  constructor() {
    this.promise = new Promise<unknown>(capture);
    this.resolve = capturedResolve;
    this.reject = capturedReject;
  }
}

/** `Settler.outcome` before the wait settled. */
const UNSETTLED: unique symbol = Symbol("unsettled");

/**
 * What `then` returns, and how the wait settles it: the waiter record itself, a
 * `PromiseLike` that makes a native promise only if someone chains on it.
 *
 * Under `await`, V8 calls `then(resolve, reject)` with the await's own resolvers and
 * drops what `then` returns; a native promise there cost a promise, two resolving
 * functions and their context per `await` that nothing ever read — with 100 000 tasks
 * parked on a semaphore, a quarter of what the GC copied (bench/README.md,
 * "corio-await"). `then`'s own callback runs from the loop turn that ends the wait (still
 * never synchronously inside `then`); the continuation of an `await` still runs in a
 * microtask of its own, in its own async context. A rejection no callback handles makes
 * the native promise at once, so it is reported as unhandled exactly as a promise's would.
 */
class Settler<T, R1, R2> implements PromiseLike<R1 | R2> {
  private onfulfilled: OnFulfilled<T, R1>;
  private onrejected: OnRejected<R2>;
  /** What the callback returned, once settled without a chain (a rejection always makes one). */
  private outcome: unknown = UNSETTLED;
  private chain: Chain | null = null;

  constructor(onfulfilled: OnFulfilled<T, R1>, onrejected: OnRejected<R2>) {
    this.onfulfilled = onfulfilled;
    this.onrejected = onrejected;
  }

  settle(value: unknown, failed: boolean): void {
    const cb = failed ? this.onrejected : this.onfulfilled;
    this.onfulfilled = this.onrejected = null;
    if (typeof cb === "function") {
      try {
        value = (cb as (v: unknown) => unknown)(value);
        failed = false;
      } catch (e) {
        value = e;
        failed = true;
      }
    }
    if (this.chain === null && failed) this.chain = new Chain(); // an unhandled rejection is reported
    if (this.chain === null) this.outcome = value;
    else if (failed) this.chain.reject(value);
    else this.chain.resolve(value);
  }

  /** Chaining on what `then` returned: from here on it is a native promise. */
  then<S1 = R1 | R2, S2 = never>(
    onfulfilled?: ((value: R1 | R2) => S1 | PromiseLike<S1>) | null,
    onrejected?: ((reason: unknown) => S2 | PromiseLike<S2>) | null,
  ): Promise<S1 | S2> {
    return (this.asPromise() as Promise<R1 | R2>).then(onfulfilled, onrejected);
  }

  /** As a promise's, for code that chains on what `then` returned. */
  catch<S = never>(onrejected?: ((reason: unknown) => S | PromiseLike<S>) | null): Promise<R1 | R2 | S> {
    return (this.asPromise() as Promise<R1 | R2>).catch(onrejected);
  }

  /** As a promise's. */
  finally(onfinally?: (() => void) | null): Promise<R1 | R2> {
    return (this.asPromise() as Promise<R1 | R2>).finally(onfinally);
  }

  private asPromise(): Promise<unknown> {
    if (this.chain === null) {
      this.chain = new Chain();
      if (this.outcome !== UNSETTLED) this.chain.resolve(this.outcome);
      this.outcome = undefined;
    }
    return this.chain.promise;
  }
}

/**
 * Stands where a parked task would (the Wakeup's one waiter): once the Wakeup is woken or
 * cancelled, the loop runs it and it finishes the wait into the promise.
 */
class AwaitWaiter<T, R1, R2> extends Settler<T, R1, R2> implements Waiter {
  constructor(
    private readonly parked: ParkedWait<T>,
    private readonly task: Task<unknown> | undefined,
    onfulfilled: OnFulfilled<T, R1>,
    onrejected: OnRejected<R2>,
  ) {
    super(onfulfilled, onrejected);
  }

  _wakeup(): void {
    const parked = this.parked;
    let value: unknown;
    try {
      // Woken, but its task was cancelled before this ran: give the wait up (a woken
      // Lock waiter passes the lock on), as a generator task's `yield*` would.
      const cancel = parked.cancelled() || this.task === undefined ? null : this.task._takePendingCancel();
      value = (cancel === null ? parked.next() : parked.throw!(cancel)).value;
    } catch (e) {
      this.settle(e, true);
      return;
    }
    this.settle(value, false);
  }
}

/**
 * `then` of a wait that parked: the promise settles when `parked` is woken (with what its
 * iterator returns) or cancelled (CancelledError). Cancelling the running async-function
 * task cancels `parked`.
 * @internal
 */
export function awaitParked<T, R1, R2>(
  parked: ParkedWait<T>,
  task: Task<unknown> | undefined,
  onfulfilled: OnFulfilled<T, R1>,
  onrejected: OnRejected<R2>,
): PromiseLike<R1 | R2> {
  const w = new AwaitWaiter(parked, task, onfulfilled, onrejected);
  parked._addWaiter(w);
  task?._awaitedFromAsync(parked);
  return w;
}

const PENDING = 0;
const DONE = 1;
const CANCELLED = 2;

/**
 * `await sleep(0)`: one ready-queue entry that resolves on the next loop turn — or
 * rejects there with CancelledError if its task was cancelled meanwhile.
 * @internal
 */
export class TurnWakeup<T, R1, R2> extends Settler<T, R1, R2> implements Runnable {
  private state = PENDING;
  private cancelMessage: string | undefined = undefined;

  constructor(
    private readonly loop: EventLoop,
    private readonly value: T,
    onfulfilled: OnFulfilled<T, R1>,
    onrejected: OnRejected<R2>,
  ) {
    super(onfulfilled, onrejected);
  }

  done(): boolean {
    return this.state !== PENDING;
  }

  /** The waiting task was cancelled: reject on the turn instead of resolving. */
  cancel(msg?: string): boolean {
    if (this.state !== PENDING) return false;
    this.state = CANCELLED;
    this.cancelMessage = msg;
    return true;
  }

  /** @internal how a waiting task describes its wait. */
  _waitLabel(): string {
    return "sleep(0)";
  }

  _run(): void {
    if (this.state === CANCELLED) {
      this.settle(cancelledError(this.cancelMessage ?? "", this.loop.getDebug()), true);
      return;
    }
    this.state = DONE;
    this.settle(this.value, false);
  }
}

/** `then` of `sleep(0)`: resolve with `value` on the next loop turn. @internal */
export function awaitTurn<T, R1, R2>(loop: EventLoop, value: T, onfulfilled: OnFulfilled<T, R1>, onrejected: OnRejected<R2>): PromiseLike<R1 | R2> {
  const task = runningAsyncTask();
  const cancel = pendingCancel(task);
  if (cancel !== null) return settledThen(value, cancel, true, onfulfilled, onrejected);
  const w = new TurnWakeup(loop, value, onfulfilled, onrejected);
  task?._awaitedFromAsync(w);
  loop._schedule(w);
  return w;
}
