import { TimeoutError } from "../errors.js";
import { checkDelay } from "../internal/validate.js";
import { Fifo } from "../internal/fifo.js";
import { getRunningLoop } from "../loop/running-loop.js";
import type { Awaitable } from "../task/awaitable.js";
import type { Future } from "../task/future.js";
import { LazyCoro } from "../task/lazy.js";
import { ensureFuture, type AwaitableLike } from "./ensure-future.js";

/**
 * Returns one awaitable per input; the first you wait on gives the first result to
 * finish, the second the second, and so on (asyncio's `as_completed`, plain-iterator
 * form). With `timeout`, waits still pending when it passes throw `TimeoutError`.
 *
 * @example
 * for (const next of asCompleted(tasks)) {
 *   const result = yield* next; // in completion order
 * }
 */
export function asCompleted<T>(aws: Iterable<AwaitableLike<T>>, options: { timeout?: number | null } = {}): Awaitable<T>[] {
  const timeout = options.timeout ?? null;
  if (timeout !== null) checkDelay("asCompleted({ timeout })", timeout);
  const loop = getRunningLoop();
  const todo = new Set<Future<T>>();
  for (const aw of new Set(aws)) todo.add(ensureFuture(aw, loop));
  const total = todo.size;
  // Finished futures in completion order; `null` stands for "the timeout passed".
  const finished = new Fifo<Future<T> | null>();
  const waiters = new Set<Future<void>>();
  const wakeAll = () => {
    for (const w of waiters) if (!w.done()) w.setResult(undefined);
  };
  const onDone = (f: Future<T>) => {
    if (!todo.delete(f)) return;
    finished.push(f);
    if (todo.size === 0) timer?.cancel();
    wakeAll();
  };
  const timer =
    timeout !== null && timeout !== Infinity && total > 0
      ? loop.callLater(timeout, () => {
          for (const f of todo) {
            f.removeDoneCallback(onDone);
            finished.push(null);
          }
          todo.clear();
          wakeAll();
        })
      : null;
  for (const f of todo) f.addDoneCallback(onDone);

  function* waitForOne(): Generator<unknown, T, unknown> {
    while (finished.length === 0) {
      const w = loop.createFuture<void>();
      waiters.add(w);
      try {
        yield* w;
      } finally {
        waiters.delete(w);
      }
    }
    const f = finished.shift()!;
    if (f === null) throw new TimeoutError(`asCompleted: timed out after ${timeout} ms`);
    return f.result();
  }
  // Not `lazy()`: a loop that stops early leaves the rest unused, and that is no mistake.
  return Array.from({ length: total }, () => new LazyCoro(waitForOne));
}
