/**
 * `hold()`: asyncio's `async with lock:` as a TypeScript `using` declaration.
 *
 * ```ts
 * using _ = yield* lock.hold();   // released when the block ends, however it ends
 * ```
 *
 * Why a second form beside `with(body)`: `with` has to call a body generator function,
 * and V8 pays about a microsecond the first time each fresh `function*` closure is called
 * (it builds a prototype object and a hidden class for that closure's generator objects).
 * In a loop that takes a lock millions of times that is the whole cost of the lock. A
 * `using` block has no closure: the critical section stays in the caller's own generator.
 * @module
 */
import type { Awaitable } from "../task/awaitable.js";
import { handOut, Op, type Acquirable } from "./waiters.js";

/**
 * A lock or permit taken by `hold()`: `using` releases it at the end of the block.
 * Releasing twice is a no-op, so an early `release()` inside the block is safe.
 *
 * @example
 * function* bump() {
 *   using _ = yield* lock.hold();
 *   counter = (yield* load()) + 1;
 * } // released here, also on an exception or a cancellation
 */
export class Held implements Disposable {
  private lock: Acquirable | null;

  /** @internal */
  constructor(lock: Acquirable) {
    this.lock = lock;
  }

  /** True until released. */
  get held(): boolean {
    return this.lock !== null;
  }

  /**
   * Releases now instead of at the end of the `using` block; later calls do nothing.
   * @example using h = yield* sem.hold(); if (done) h.release();
   */
  release(): void {
    const lock = this.lock;
    if (lock === null) return;
    this.lock = null;
    lock.release();
  }

  /** Called by `using` at the end of the block. */
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * The awaitable `hold()` returns: the shared waiting-operation awaitable ({@link Op}) over
 * {@link Holding} — each `yield*` acquires inside the waiting task and then resolves to a
 * fresh {@link Held}; `await` does the same in a task of its own.
 * @internal
 */
export function holdOp(lock: Acquirable): Awaitable<Held> {
  return handOut(new Op(() => new Holding(lock)));
}

/**
 * Drives the acquire iterator and, once it is done, answers the Held. An exception thrown
 * in while waiting goes to the acquire iterator, which gives the wait up: nothing was
 * acquired, so there is nothing to release.
 */
class Holding implements Iterator<unknown, Held, unknown> {
  private readonly acquiring: Iterator<unknown, unknown, unknown>;

  constructor(private readonly lock: Acquirable) {
    this.acquiring = lock.acquire()[Symbol.iterator]();
  }

  next(v?: unknown): IteratorResult<unknown, Held> {
    const r = this.acquiring.next(v);
    return r.done ? { done: true, value: new Held(this.lock) } : (r as IteratorYieldResult<unknown>);
  }

  throw(e: unknown): IteratorResult<unknown, Held> {
    if (this.acquiring.throw === undefined) throw e;
    const r = this.acquiring.throw(e);
    return r.done ? { done: true, value: new Held(this.lock) } : (r as IteratorYieldResult<unknown>);
  }

  return(value?: Held): IteratorResult<unknown, Held> {
    this.acquiring.return?.();
    return { done: true, value: value as Held };
  }
}
