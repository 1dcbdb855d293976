/**
 * The FIFO waiter list every lock, event, condition, semaphore and queue parks on.
 *
 * Every blocking operation is "try now, else park": its awaitable runs the non-blocking
 * path first and, only if that fails, parks a {@link Parked} waiter here. A Parked waiter
 * is a Future that is also its own iterator, so `yield* lock.acquire()` on contention
 * costs one object, and on the fast path none (a shared, already-finished iterator).
 *
 * Waking is a notification, not a hand-off: `wakeNext()` only resolves the waiter's
 * future; the lock, permit or item stays with the primitive until the woken task actually
 * resumes and takes it (`WaitPolicy._resumed`). A waiter that is cancelled before it
 * resumes tells its policy (`_abandoned`), which passes the wakeup on. This list is the
 * only code that removes a waiter: a cancelled one leaves as soon as its future is
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
import { Fifo } from "../internal/fifo.js";
import type { EventLoop } from "../loop/event-loop.js";
import { getRunningLoop } from "../loop/running-loop.js";
import { yielded, type Awaitable, type Coro } from "../task/awaitable.js";
import { Future } from "../task/future.js";
import { createTask } from "../task/task.js";

/** What a primitive does when one of its waiters resumes or gives up. @internal */
export interface WaitPolicy<R> {
  /** The waiter was woken and its task resumed: take the resource; return the result. */
  _resumed(w: Parked<R>): R;
  /** The wait ended with an exception (cancellation) before or after a wakeup (`w.woken()`). */
  _abandoned(w: Parked<R>): void;
}

/** For coroutines that handle the outcome themselves (queues, Condition.wait). @internal */
export const PLAIN: WaitPolicy<undefined> = {
  _resumed: () => undefined,
  _abandoned: () => {},
};

/**
 * One parked waiter: the Future its task waits on, and the iterator `yield*` drives.
 * @internal
 */
export class Parked<R> extends Future<R> implements Iterator<unknown, R, unknown> {
  /** @internal still in its list: pending, or woken and not yet resumed. */
  _inList = true;
  /** @internal its wakeup arrived (its future finished, not cancelled). */
  _woken = false;
  private started = false;

  constructor(
    loop: EventLoop,
    private readonly list: WaiterList,
    private readonly policy: WaitPolicy<R>,
  ) {
    super(loop);
  }

  /** True once a wakeup arrived for this waiter, even if it was cancelled afterwards. */
  woken(): boolean {
    return this._woken;
  }

  /** A task cancelling its wait cancels this future: leave the list at once. */
  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this.list._drop(this);
    return true;
  }

  next(): IteratorResult<unknown, R> {
    if (!this.started) {
      this.started = true;
      return yielded(this);
    }
    this.list._drop(this);
    if (this.cancelled()) {
      this.policy._abandoned(this);
      throw this._makeCancelledError();
    }
    return { done: true, value: this.policy._resumed(this) };
  }

  /** An exception thrown in at the `yield*` (a cancel after the wakeup): give up the wait. */
  throw(e: unknown): IteratorResult<unknown, R> {
    this.list._drop(this);
    this.policy._abandoned(this);
    throw e;
  }

  return(value?: R): IteratorResult<unknown, R> {
    this.list._drop(this);
    this.policy._abandoned(this);
    return { done: true, value: value as R };
  }

  override [Symbol.iterator](): this {
    return this;
  }
}

/**
 * A FIFO of parked waiters.
 * @internal
 */
export class WaiterList {
  private readonly fifo = new Fifo<Parked<any>>();
  // Invariant: the first `nWoken` entries are woken and not yet resumed; the rest are
  // pending. Wakeups go to the oldest pending waiter, and removal keeps order, so the
  // woken ones always form a prefix.
  private nWoken = 0;

  /** Waiters in the list: pending ones and woken ones that have not resumed yet. */
  get length(): number {
    return this.fifo.length;
  }

  /** Woken waiters that have not resumed (or given up) yet. */
  get woken(): number {
    return this.nWoken;
  }

  /** Waiters still waiting for a wakeup. */
  get pending(): number {
    return this.fifo.length - this.nWoken;
  }

  /** Parks a new waiter at the tail; `yield*` it to wait. */
  park<R>(loop: EventLoop, policy: WaitPolicy<R>): Parked<R> {
    const w = new Parked<R>(loop, this, policy);
    this.fifo.push(w);
    return w;
  }

  /** Wakes the oldest pending waiter (it stays listed until it resumes). */
  wakeNext(): boolean {
    const w = this.fifo.at(this.nWoken);
    if (w === undefined) return false;
    assert(!w.done(), "a pending waiter's future is not done");
    w._woken = true;
    this.nWoken++;
    w.setResult(undefined);
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
    const w = this.fifo.shift();
    if (w === undefined) return false;
    w._inList = false;
    w._woken = true;
    w.setResult(undefined);
    return true;
  }

  /** Removes and wakes every waiter. */
  shiftWakeAll(): void {
    while (this.shiftWake());
  }

  /** @internal the waiter resumed, gave up, or was cancelled: it leaves the list. */
  _drop(w: Parked<any>): void {
    if (!w._inList) return;
    w._inList = false;
    const found = this.fifo.remove(w);
    assert(found, "a listed waiter is in its list");
    if (w._woken) this.nWoken--;
  }
}

/** Anything that binds to the loop on first use (asyncio's `_LoopBoundMixin`). @internal */
export interface LoopBound {
  _loop: EventLoop | null;
}

/**
 * The running loop, binding `owner` to it the first time it has to wait.
 * @throws RuntimeError if `owner` is already bound to another loop.
 * @internal
 */
export function loopFor(owner: LoopBound, what: string): EventLoop {
  const loop = getRunningLoop();
  if (owner._loop === null) owner._loop = loop;
  else if (owner._loop !== loop) {
    throw new RuntimeError(`${what} is bound to a different event loop: create it on the loop (inside the run()) that uses it`);
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
    return this.start();
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return createTask(delegate(this)).then(onfulfilled, onrejected);
  }
}

function* delegate<T>(aw: { [Symbol.iterator](): Iterator<unknown, T, unknown> }): Coro<T> {
  return yield* aw;
}

/** A body for `with`: a generator function (or anything returning a `yield*`-able). */
export type WithBody<R> = () => { [Symbol.iterator](): Iterator<unknown, R, unknown> };

/** What `with` needs from a lock-like object. @internal */
export interface Acquirable {
  acquire(): Awaitable<boolean>;
  release(): void;
}

/**
 * asyncio's `async with lock:` — acquire, run the body, release in every case.
 *
 * A hand-written iterator rather than a generator with try/finally: `with` sits on the
 * hot path of every lock-heavy program, and a generator frame between the task and the
 * body cost a fifth of a contended `lock.with` (bench/: lock workload profile).
 * Protocol: first drive the acquire iterator; once it returns, start the body; when the
 * body returns or throws — or an exception thrown in at its `yield*` escapes it — release.
 * An exception thrown in while still acquiring goes to the acquire iterator, which gives
 * up its wait; nothing was acquired, so nothing is released.
 * @internal
 */
export class Guarded<R> implements Iterator<unknown, R, unknown> {
  private acquiring: Iterator<unknown, unknown, unknown> | null;
  private body: Iterator<unknown, R, unknown> | null = null;
  private released = false;

  constructor(
    private readonly lock: Acquirable,
    private readonly makeBody: WithBody<R>,
  ) {
    this.acquiring = lock.acquire()[Symbol.iterator]();
  }

  next(): IteratorResult<unknown, R> {
    if (this.acquiring !== null) {
      const r = this.acquiring.next();
      if (!r.done) return r;
      return this.enter();
    }
    return this.step(false, undefined);
  }

  throw(e: unknown): IteratorResult<unknown, R> {
    const acquiring = this.acquiring;
    if (acquiring !== null) {
      if (acquiring.throw === undefined) throw e;
      const r = acquiring.throw(e); // usually re-throws: the wait is abandoned
      if (!r.done) return r;
      return this.enter();
    }
    return this.step(true, e);
  }

  return(value?: R): IteratorResult<unknown, R> {
    if (this.acquiring !== null) {
      this.acquiring.return?.();
      this.acquiring = null;
      return { done: true, value: value as R };
    }
    try {
      this.body?.return?.(value);
    } finally {
      this.finish();
    }
    return { done: true, value: value as R };
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** The lock is held: start the body. */
  private enter(): IteratorResult<unknown, R> {
    this.acquiring = null;
    try {
      this.body = this.makeBody()[Symbol.iterator]();
    } catch (e) {
      this.finish();
      throw e;
    }
    return this.step(false, undefined);
  }

  private step(throwing: boolean, e: unknown): IteratorResult<unknown, R> {
    const body = this.body!;
    let r: IteratorResult<unknown, R>;
    try {
      if (!throwing) r = body.next();
      else if (body.throw !== undefined) r = body.throw(e);
      else {
        body.return?.();
        throw e;
      }
    } catch (err) {
      this.finish();
      throw err;
    }
    if (r.done) this.finish();
    return r;
  }

  private finish(): void {
    if (this.released) return;
    this.released = true;
    this.body = null;
    this.lock.release();
  }
}

/** `lock.with(body)`: the awaitable form of {@link Guarded}. @internal */
export function guarded<R>(lock: Acquirable, body: WithBody<R>): Guarded<R> {
  return new Guarded(lock, body);
}
