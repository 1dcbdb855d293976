import { trackOps } from "../internal/debug-flag.js";
import type { Awaitable } from "./awaitable.js";
import { markUsed, trackOp } from "./forgotten.js";
import { createTask, type Task } from "./task.js";

/**
 * An awaitable made from a coroutine function: each `yield*` runs a fresh coroutine inside
 * the waiting task; `await` runs it once as its own task (so code that needs a current
 * task — timeouts, task groups — works from async functions too).
 * @internal
 */
export class LazyCoro<T> implements Awaitable<T> {
  private task: Task<T> | null = null;
  constructor(private readonly make: () => Iterator<unknown, T, unknown>) {}

  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    if (trackOps) markUsed(this);
    return this.make();
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (trackOps) markUsed(this);
    this.task ??= createTask(this.make() as Generator<unknown, T, unknown>);
    return this.task.then(onfulfilled, onrejected);
  }
}

/** @internal in debug mode, reported if it is never yielded nor awaited (task/forgotten.ts). */
export function lazy<T>(make: () => Iterator<unknown, T, unknown>): Awaitable<T> {
  return trackOps ? trackOp(new LazyCoro(make)) : new LazyCoro(make);
}
