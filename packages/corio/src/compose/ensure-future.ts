import { RuntimeError } from "../errors.js";
import { describe } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import { isAwaitable, isGenerator, isPromiseLike } from "../task/awaitable.js";
import { Future } from "../task/future.js";

/** What the composition functions accept: a future or task, a coroutine, any corio awaitable, a promise. */
export type AwaitableLike<T = unknown> =
  | Future<T>
  | Generator<unknown, T, unknown>
  | { [Symbol.iterator](): Iterator<unknown, T, unknown> }
  | PromiseLike<T>;

/**
 * A Future for `x` on `loop`: futures as they are, anything else wrapped in a task.
 * @internal
 */
export function ensureFuture<T>(x: AwaitableLike<T>, loop: EventLoop): Future<T> {
  if (x instanceof Future) {
    if (x._loop !== loop) {
      throw new RuntimeError(`${x.describe()} belongs to a different loop than the others: keep every task of one composition on one loop`);
    }
    return x;
  }
  if (isGenerator(x) || isAwaitable(x) || isPromiseLike(x)) return loop.createTask(x as Generator<unknown, T, unknown>);
  throw new TypeError(`expected a task, future, coroutine or promise, got ${describe(x)}`);
}

/** The loop of the first future among `xs`, else `fallback`. @internal */
export function loopOf(xs: Iterable<unknown>, fallback: () => EventLoop): EventLoop {
  for (const x of xs) if (x instanceof Future) return x._loop;
  return fallback();
}
