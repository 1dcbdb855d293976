/**
 * The FIFO waiter list every lock, event, condition, semaphore and queue parks on.
 *
 * Every blocking operation is "try now, else park": its awaitable runs the non-blocking
 * path first and, only if that fails, parks a {@link Parked} waiter here. A Parked waiter
 * is a {@link Wakeup} (the light Future-like record a task can park on) that is also its
 * own iterator, so `yield* lock.acquire()` on contention costs one small object, and on
 * the fast path none (a shared, already-finished iterator).
 *
 * Waking is a notification, not a hand-off: `wakeNext()` only wakes the waiter's task;
 * the lock, permit or item stays with the primitive until the woken task actually
 * resumes and takes it (`WaitPolicy._resumed`). A waiter that is cancelled before it
 * resumes tells its policy (`_abandoned`), which passes the wakeup on. This list is the
 * only code that removes a waiter: a cancelled one leaves as soon as its wait is
 * cancelled, so a list holds only live waiters and "someone is queued" is `length > 0`
 * (asyncio scans for cancelled futures instead; that scan is what we avoid).
 *
 * Rejected: handing the resource to the waiter at wake time (what a promise-based mutex
 * does). It is cheaper by one check, but a waiter cancelled between its wakeup and its
 * resumption then owns a permit or an item nobody will ever release or read.
 * @module
 */
import { RuntimeError } from "../errors.js";
import { assert } from "../internal/assert.js";
import { idOf } from "../introspect/ids.js";
import type { EventLoop } from "../loop/event-loop.js";
import { getRunningLoop } from "../loop/running-loop.js";
import { returned, yielded, type Awaitable, type Coro } from "../task/awaitable.js";
import { trackOps } from "../internal/debug-flag.js";
import { markUsed, trackOp } from "../task/forgotten.js";
import { createTask } from "../task/task.js";
import { Wakeup } from "../task/wakeup.js";
import { awaitParked, pendingCancel, settledThen } from "../task/await-wakeup.js";
import { runningAsyncTask } from "../task/async-context.js";

/**
 * What a primitive does when one of its waiters resumes or gives up. Its members are
 * internal; the interface itself stays in the declarations because `Lock`, `Event` and
 * `Semaphore` implement it.
 */
export interface WaitPolicy<R> {
  /** @internal The waiter was woken and its task resumed: take the resource; return the result. */
  _resumed(w: Parked<R>): R;
  /** @internal The wait ended with an exception (cancellation) before or after a wakeup (`w.woken()`). */
  _abandoned(w: Parked<R>): void;
}

/** For coroutines that handle the outcome themselves (queues, Condition.wait). @internal */
export const PLAIN: WaitPolicy<undefined> = {
  _resumed: () => undefined,
  _abandoned: () => {},
};

/**
 * One parked waiter: the {@link Wakeup} its task waits on, and the iterator `yield*`
 * drives. A Wakeup rather than a Future: see task/wakeup.ts.
 * @internal
 */
export class Parked<R> extends Wakeup implements Iterator<unknown, R, unknown> {
  // Few fields on purpose: 100 000 tasks queued on a semaphore are 100 000 of these for
  // the GC to copy. Whether it is still listed follows from the links (WaiterList
  // `_has`), its policy is its list's, and "not started yet" is "still pending": the
  // task only resumes it once it is woken or cancelled.
  /** @internal neighbours in its {@link WaiterList}. */
  _prev: Parked<any> | null = null;
  /** @internal */ _next: Parked<any> | null = null;

  constructor(
    loop: EventLoop,
    private readonly list: WaiterList,
  ) {
    super(loop);
  }

  /** @internal how a waiting task describes its wait: `Lock#3.acquire`, `Queue.get`… */
  _waitLabel(): string {
    const { _policy: policy, _what: what } = this.list;
    if (policy === PLAIN) return what ?? "wait";
    return `${policy.constructor.name}#${idOf(policy)}.${what ?? "acquire"}`;
  }

  /** A task cancelling its wait cancels this waiter: leave the list at once. */
  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this.list._drop(this);
    return true;
  }

  next(): IteratorResult<unknown, R> {
    if (!this.done()) return yielded(this); // the first step: park the task on this
    this.list._drop(this);
    if (this.cancelled()) {
      this.list._policy._abandoned(this);
      throw this._makeCancelledError();
    }
    return returned(this.list._policy._resumed(this) as R);
  }

  /** An exception thrown in at the `yield*` (a cancel after the wakeup): give up the wait. */
  throw(e: unknown): IteratorResult<unknown, R> {
    this.list._drop(this);
    this.list._policy._abandoned(this);
    throw e;
  }

  return(value?: R): IteratorResult<unknown, R> {
    this.list._drop(this);
    this.list._policy._abandoned(this);
    return { done: true, value: value as R };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * A FIFO of parked waiters, linked through the waiters themselves (`_prev`/`_next`).
 *
 * Intrusive rather than a ring buffer: a cancelled waiter leaves from wherever it is in
 * O(1) (a ring buffer had to search for it, so cancelling many queued waiters — a burst
 * of timeouts — was quadratic), and a list of 100 000 waiters never copies a growing
 * array (bench/: semaphore workload profile).
 * @internal
 */
export class WaiterList {
  /**
   * @param _policy what its waiters do on resuming or giving up: the primitive itself
   *   (Lock, Semaphore, Event), or {@link PLAIN} for waits that handle it themselves.
   */
  constructor(
    /** @internal */ readonly _policy: WaitPolicy<any> = PLAIN,
    /**
     * @internal what its waiters wait for, for introspection: the operation of the
     * primitive that is the policy ("acquire" by default, "wait"), or with {@link PLAIN} the
     * whole description ("Queue.get").
     */
    readonly _what: string | null = null,
  ) {}

  private head: Parked<any> | null = null;
  private tail: Parked<any> | null = null;
  // Invariant: the waiters before `firstPending` are woken and not yet resumed; it and
  // the ones after it are pending. Wakeups go to the oldest pending waiter, and removal
  // keeps order, so the woken ones always form a prefix of `nWoken` waiters.
  private firstPending: Parked<any> | null = null;
  private count = 0;
  private nWoken = 0;

  /** Waiters in the list: pending ones and woken ones that have not resumed yet. */
  get length(): number {
    return this.count;
  }

  /** Woken waiters that have not resumed (or given up) yet. */
  get woken(): number {
    return this.nWoken;
  }

  /** Waiters still waiting for a wakeup. */
  get pending(): number {
    return this.count - this.nWoken;
  }

  /** Parks a new waiter at the tail; `yield*` it to wait. */
  park<R>(loop: EventLoop): Parked<R> {
    const w = new Parked<R>(loop, this);
    const tail = this.tail;
    w._prev = tail;
    if (tail === null) this.head = w;
    else tail._next = w;
    this.tail = w;
    if (this.firstPending === null) this.firstPending = w;
    this.count++;
    return w;
  }

  /** Wakes the oldest pending waiter (it stays listed until it resumes). */
  wakeNext(): boolean {
    const w = this.firstPending;
    if (w === null) return false;
    this.firstPending = w._next;
    this.nWoken++;
    w._wake();
    return true;
  }

  /** Wakes up to `n` pending waiters, oldest first; returns how many. */
  wakeSome(n: number): number {
    let woken = 0;
    while (woken < n && this.wakeNext()) woken++;
    return woken;
  }

  /** Wakes every pending waiter. */
  wakeAll(): void {
    while (this.wakeNext());
  }

  /**
   * Removes the oldest waiter and wakes it (asyncio's queue `_wakeup_next`): it re-checks
   * on resuming and parks again at the tail if someone took the item first.
   */
  shiftWake(): boolean {
    assert(this.nWoken === 0, "shiftWake is not mixed with wakeNext");
    const w = this.head;
    if (w === null) return false;
    this.unlink(w);
    w._wake();
    return true;
  }

  /** Removes and wakes every waiter. */
  shiftWakeAll(): void {
    while (this.shiftWake());
  }

  /** @internal the waiter resumed, gave up, or was cancelled: it leaves the list. */
  _drop(w: Parked<any>): void {
    if (!this._has(w)) return;
    this.unlink(w);
    if (w.woken()) this.nWoken--;
  }

  /** @internal still listed: pending, or woken and not yet resumed (unlinking nulls both links). */
  _has(w: Parked<any>): boolean {
    return w._prev !== null || this.head === w;
  }

  private unlink(w: Parked<any>): void {
    assert(this._has(w), "a listed waiter is in its list");
    if (this.firstPending === w) this.firstPending = w._next;
    const prev = w._prev;
    const next = w._next;
    if (prev === null) this.head = next;
    else prev._next = next;
    if (next === null) this.tail = prev;
    else next._prev = prev;
    w._prev = w._next = null;
    this.count--;
  }
}

/** Anything that binds to the loop on first use (asyncio's `_LoopBoundMixin`). @internal */
export interface LoopBound {
  _loop: EventLoop | null;
}

/**
 * The running loop, binding `owner` to it the first time it has to wait. `what` names it
 * in the error (default: its class name).
 * @throws RuntimeError if `owner` is already bound to another loop.
 * @internal
 */
export function loopFor(owner: LoopBound, what?: string): EventLoop {
  const loop = getRunningLoop();
  if (owner._loop === null) owner._loop = loop;
  else if (owner._loop !== loop) {
    // The class name only here: reading `constructor.name` on every park showed in profiles.
    throw new RuntimeError(`${what ?? owner.constructor.name} is bound to a different event loop: create it on the loop (inside the run()) that uses it`);
  }
  return loop;
}

/** An iterator that is already finished with a fixed result (the fast paths). */
class Finished<T> implements Iterator<unknown, T, unknown> {
  private readonly result: IteratorResult<unknown, T>;
  constructor(value: T) {
    this.result = Object.freeze({ done: true, value });
  }
  next(): IteratorResult<unknown, T> {
    return this.result;
  }
}

/** The shared "done, result true" iterator: an uncontended acquire allocates nothing. @internal */
export const DONE_TRUE: Iterator<unknown, true, unknown> = new Finished<true>(true);
/** The shared "done, no result" iterator. @internal */
export const DONE_VOID: Iterator<unknown, void, unknown> = new Finished<void>(undefined);

/**
 * A finished iterator carrying a value; it is its own IteratorResult, so a fast `get()`
 * costs this one small object. @internal
 */
export class Ready<T> {
  readonly done = true as const;
  constructor(readonly value: T) {}
  next(): IteratorReturnResult<T> {
    return this;
  }
}

/**
 * The awaitable a waiting operation returns: each `yield*` runs `start()` (try now, else
 * park) inside the waiting task; `await` runs the same as a task of its own.
 * @internal
 */
export class Op<T> implements Awaitable<T> {
  constructor(private readonly start: () => Iterator<unknown, T, unknown>) {}

  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    if (trackOps) markUsed(this);
    return this.start();
  }

  /** @internal a fresh copy recorded by debug mode (a shared op is never collected). */
  _tracked(): Op<T> {
    return trackOp(new Op(this.start));
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    if (trackOps) markUsed(this);
    // Try now in the awaiting code, as `yield*` does; park the promise on the waiter
    // itself rather than on a task of its own (task/await-wakeup.ts).
    const task = runningAsyncTask();
    const cancel = pendingCancel(task);
    if (cancel !== null) return settledThen<T, R1, R2>(undefined as T, cancel, true, onfulfilled, onrejected);
    let it: Iterator<unknown, T, unknown>;
    try {
      it = this.start();
    } catch (e) {
      return settledThen<T, R1, R2>(undefined as T, e, true, onfulfilled, onrejected);
    }
    if (it instanceof Parked) return awaitParked(it as Parked<T>, task, onfulfilled, onrejected);
    if (it instanceof Finished || it instanceof Ready) {
      return settledThen((it.next() as IteratorReturnResult<T>).value, undefined, false, onfulfilled, onrejected);
    }
    // Anything else (Condition.wait, Queue.get on an empty queue, hold()) is a coroutine
    // of its own: a task drives it, tied to the awaiting task by Future.then.
    return createTask(delegate(it)).then(onfulfilled, onrejected);
  }
}

/**
 * What a primitive hands out for a wait: its one shared op, or in debug mode a fresh one
 * that is reported if never waited on (task/forgotten.ts). @internal
 */
export function handOut<T>(op: Op<T>): Op<T> {
  return trackOps ? op._tracked() : op;
}

/**
 * An iterator that `start()` already made, as a task's coroutine. Not a `function*`
 * around `yield*`: a task cancelled before its first step throws into its coroutine
 * before that runs, and an unstarted generator would drop the throw instead of passing
 * it to `it` — which may already hold a parked waiter (`hold()` parks on creation).
 */
class Driven<T> implements Iterator<unknown, T, unknown> {
  constructor(private readonly it: Iterator<unknown, T, unknown>) {}
  next(v?: unknown): IteratorResult<unknown, T> {
    return this.it.next(v);
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    if (this.it.throw === undefined) throw e;
    return this.it.throw(e);
  }
  return(value?: T): IteratorResult<unknown, T> {
    return this.it.return?.(value) ?? { done: true, value: value as T };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

function delegate<T>(it: Iterator<unknown, T, unknown>): Coro<T> {
  return new Driven(it) as unknown as Coro<T>;
}

/** A body for `with`: a generator function (or anything returning a `yield*`-able). */
export type WithBody<R> = () => { [Symbol.iterator](): Iterator<unknown, R, unknown> };

/** What `with` needs from a lock-like object. @internal */
export interface Acquirable {
  acquire(): Awaitable<boolean>;
  release(): void;
}
