/**
 * The awaitable protocol: one object, two styles.
 *
 * A corio awaitable is iterable — `yield*` on it inside a coroutine yields a Future to the
 * task that runs the coroutine and resumes with the Future's result, like Python's
 * `Future.__await__` — and it is a `PromiseLike`, so `await` works in an async function.
 * @module
 */

/** A coroutine: a generator that corio's tasks step. `T` is what it returns. */
export type Coro<T> = Generator<unknown, T, unknown>;

/**
 * Anything `yield*` and `await` both accept: Future, Task, and what `sleep`, `gather`,
 * `lock.acquire()`, `queue.get()`… return.
 *
 * @example
 * function* inCoroutine() { const v = yield* sleep(10, "v"); }
 * async function inAsync() { const v = await sleep(10, "v"); }
 */
export interface Awaitable<T> extends PromiseLike<T> {
  [Symbol.iterator](): Iterator<unknown, T, unknown>;
}

/** What `yield*` on an {@link Awaitable} (or a coroutine) returns. */
export type AwaitedResult<A> = A extends { [Symbol.iterator](): Iterator<unknown, infer T, unknown> }
  ? T
  : A extends PromiseLike<infer P>
    ? P
    : never;

/**
 * Yielded by `sleep(0)`: "run me again on the next loop turn" (Python's bare `yield`).
 * @internal
 */
export const YIELD_NOW: unique symbol = Symbol("corio.yieldNow");

/** True for a generator object (a started or unstarted coroutine). */
const GeneratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()));

export function isGenerator(x: unknown): x is Coro<unknown> {
  if (typeof x !== "object" || x === null) return false;
  // Fast path for native generators (every createTask does this check); duck typing after.
  const proto = Object.getPrototypeOf(x);
  if (proto !== null && Object.getPrototypeOf(proto) === GeneratorPrototype) return true;
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as Generator).next === "function" &&
    typeof (x as Generator).throw === "function" &&
    typeof (x as Generator)[Symbol.iterator] === "function"
  );
}

/** The prototype every `function*` shares. */
const GeneratorFunctionPrototype = Object.getPrototypeOf(function* () {});

/**
 * True for a `function*` (calling it only creates a generator: no code of it runs, so
 * there is no async context to set up for it).
 */
export function isGeneratorFunction(f: Function): boolean {
  return Object.getPrototypeOf(f) === GeneratorFunctionPrototype;
}

/** True for a corio awaitable (iterable and thenable). */
export function isAwaitable(x: unknown): x is Awaitable<unknown> {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as Awaitable<unknown>).then === "function" &&
    typeof (x as Awaitable<unknown>)[Symbol.iterator] === "function"
  );
}

/** True for anything with a `then` method. */
export function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return (
    (typeof x === "object" || typeof x === "function") &&
    x !== null &&
    typeof (x as PromiseLike<unknown>).then === "function"
  );
}

/**
 * One reusable `{ done: false, value }` for corio's own iterators when they yield to the
 * task. `yield*` hands the inner iterator's result object to the task unchanged, and the
 * task reads it at once, so nothing ever holds two of them: reusing one removes an
 * allocation from every wait (garbage collection was the largest cost of spawning many
 * short tasks). Only corio's iterators use it; never keep a result you got from one.
 * @internal
 */
const YIELDED: { done: false; value: unknown } = { done: false, value: undefined };

/** Called at every wait with what is yielded (debug mode's yield sites, introspect/yield-sites.ts). */
let yieldHook: ((value: unknown) => void) | null = null;

/** @internal */
export function setYieldHook(hook: ((value: unknown) => void) | null): void {
  yieldHook = hook;
}

/** @internal */
export function yielded(value: unknown): IteratorYieldResult<unknown> {
  if (yieldHook !== null) yieldHook(value);
  YIELDED.value = value;
  return YIELDED;
}

/**
 * The same for a finished wait, `{ done: true, value }`: `yield*` (and a task, and
 * `Guarded`) reads the final result's value at once, before any other corio iterator
 * runs, so one object serves every wait that ends (a sleep(0), a woken waiter, a future).
 * @internal
 */
const RETURNED: { done: true; value: unknown } = { done: true, value: undefined };

/** @internal */
export function returned<T>(value: T): IteratorReturnResult<T> {
  RETURNED.value = value;
  return RETURNED as IteratorReturnResult<T>;
}
