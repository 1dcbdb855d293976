/**
 * `lock.with(body)`: asyncio's `async with lock:` — acquire, run the body, release in
 * every case — for every lock-like primitive (Lock, Semaphore, Condition).
 *
 * Both pieces are hand-written rather than a generator with try/finally, because `with`
 * sits on the hot path of every lock-heavy program (bench/: the lock and semaphore
 * workloads, `corio` rows):
 *
 * - {@link WithOp}, the awaitable `with()` returns, is one small object: no closure and
 *   no LazyCoro around it.
 * - {@link Guarded}, the iterator `yield*` drives, replaced a generator frame between the
 *   task and the body that cost a fifth of a contended `lock.with`.
 * - A body that is a plain generator object (the usual `function* () {…}`) is stepped by
 *   calling `Generator.prototype.next/throw/return` directly. An inline `function*`
 *   expression is a new function on every `with()` call, and V8 gives each one's
 *   generator objects a new hidden class, so `body.next` would be a megamorphic property
 *   load that misses V8's lookup cache on every call (about 0.3 µs per `with` on Node 20).
 *   The fresh function itself — V8 building its `prototype` object and hidden class on
 *   its first call, about 0.8 µs — is paid in the caller's `function*` expression and
 *   cannot be avoided here: hoist the body, or use `hold()` or acquire/try/finally, in
 *   hot loops (docs/sync.md).
 * @module
 */
import { trackOps } from "../internal/debug-flag.js";
import type { Awaitable } from "../task/awaitable.js";
import { markUsed, trackOp } from "../task/forgotten.js";
import { createTask, type Task } from "../task/task.js";
import type { Acquirable, WithBody } from "./waiters.js";

/** %GeneratorPrototype%: what every `function*`'s generator objects inherit from. */
const GeneratorPrototype: Generator = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()));
const getPrototypeOf = Object.getPrototypeOf;
const hasOwn = Object.hasOwn;

/**
 * True when `it` is a generator object whose `next` is the built-in one: nobody defined
 * their own on it or on its function's `prototype`, so `GeneratorPrototype.next.call(it)`
 * is exactly `it.next()`. `throw` and `return` are checked the same way only when needed
 * ({@link overrides}): each check costs a lookup on a fresh hidden class.
 */
function isPlainGenerator(it: object): it is Generator {
  const proto = getPrototypeOf(it);
  return proto !== null && getPrototypeOf(proto) === GeneratorPrototype && !hasOwn(proto, "next") && !hasOwn(it, "next");
}

/** True when a generator object, or its function's `prototype`, has its own `name` method. */
function overrides(it: object, name: "throw" | "return"): boolean {
  return hasOwn(it, name) || hasOwn(getPrototypeOf(it), name);
}

/**
 * What `with(body)` returns: each `yield*` runs a fresh {@link Guarded} inside the waiting
 * task; `await` (or `.then`) runs one as a task of its own, once per WithOp.
 * @internal
 */
export class WithOp<R> implements Awaitable<R> {
  private task: Task<R> | null = null;

  constructor(
    private readonly lock: Acquirable,
    private readonly makeBody: WithBody<R>,
  ) {}

  [Symbol.iterator](): Guarded<R> {
    if (trackOps) markUsed(this);
    return new Guarded(this.lock, this.makeBody);
  }

  then<R1 = R, R2 = never>(
    onfulfilled?: ((value: R) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (trackOps) markUsed(this);
    this.task ??= createTask(new Guarded(this.lock, this.makeBody));
    return this.task.then(onfulfilled, onrejected);
  }
}

/**
 * The iterator of one `yield* lock.with(body)`.
 *
 * Protocol: first drive the acquire iterator; once it returns, start the body; when the
 * body returns or throws — or an exception thrown in at its `yield*` escapes it — release.
 * An exception thrown in while still acquiring goes to the acquire iterator, which gives
 * up its wait; nothing was acquired, so nothing is released.
 * @internal
 */
export class Guarded<R> implements Iterator<unknown, R, unknown> {
  private acquiring: Iterator<unknown, unknown, unknown> | null;
  private body: Iterator<unknown, R, unknown> | null = null;
  /** `body` is a plain generator object: step it through GeneratorPrototype's methods. */
  private plain = false;
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
      const body = this.body;
      if (body === null) {
        // already finished
      } else if (this.plain && !overrides(body, "return")) GeneratorPrototype.return.call(body, value);
      else body.return?.(value);
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
      const made = this.makeBody();
      if (typeof made === "object" && made !== null && isPlainGenerator(made)) {
        this.body = made as Generator<unknown, R, unknown>;
        this.plain = true;
      } else {
        this.body = made[Symbol.iterator]();
      }
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
      if (this.plain && !throwing) r = GeneratorPrototype.next.call(body);
      else if (this.plain && !overrides(body, "throw")) r = GeneratorPrototype.throw.call(body, e);
      else if (!throwing) r = body.next();
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

/** `lock.with(body)`. @internal */
export function guarded<R>(lock: Acquirable, body: WithBody<R>): WithOp<R> {
  return trackOps ? trackOp(new WithOp(lock, body)) : new WithOp(lock, body);
}
