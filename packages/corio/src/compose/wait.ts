import { describe } from "../internal/validate.js";
import { checkDelay } from "../internal/validate.js";
import { getRunningLoop } from "../loop/running-loop.js";
import type { Awaitable } from "../task/awaitable.js";
import { Future } from "../task/future.js";
import { lazy } from "../task/lazy.js";
import { markAwaiter } from "../introspect/awaited-by.js";

/**
 * `wait` returns as soon as any awaitable finishes or is cancelled.
 * @example const { done, pending } = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/** `wait` returns when any awaitable raises (or all are done). @example yield* wait(tasks, { returnWhen: FIRST_EXCEPTION }); */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/** `wait` returns when all are done (the default). @example yield* wait(tasks, { returnWhen: ALL_COMPLETED }); */
export const ALL_COMPLETED = "ALL_COMPLETED";
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Options of {@link wait}. */
export interface WaitOptions {
  /** Return after this many ms even if the condition is not met. `null`: no limit. */
  timeout?: number | null;
  /** When to return. Default `ALL_COMPLETED`. */
  returnWhen?: ReturnWhen;
}

/**
 * Waits for tasks or futures until `returnWhen` holds or `timeout` passes, and returns
 * them split into `done` and `pending` (asyncio's `wait`). Nothing is cancelled and no
 * error is raised on timeout: look at the sets.
 *
 * @throws RangeError for an empty list or a bad option; TypeError for a coroutine (wrap it
 * with `createTask` so you keep a handle to cancel it).
 * @example
 * const { done, pending } = yield* wait(tasks, { timeout: 2000 });
 * @example
 * const { done } = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
 */
export function wait<F extends Future<unknown>>(
  aws: Iterable<F>,
  options: WaitOptions = {},
): Awaitable<{ done: Set<F>; pending: Set<F> }> {
  const fs = new Set(aws);
  if (fs.size === 0) throw new RangeError("wait: the set of futures is empty; pass at least one task");
  for (const f of fs) {
    if (!(f instanceof Future)) {
      throw new TypeError(`wait: expected tasks or futures, got ${describe(f)}; wrap coroutines with createTask(coro) so you can cancel what is pending`);
    }
  }
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new RangeError(`wait: returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${describe(returnWhen)}`);
  }
  const timeout = options.timeout ?? null;
  if (timeout !== null) checkDelay("wait({ timeout })", timeout);

  return lazy(function* () {
    const loop = getRunningLoop();
    const waiter = loop.createFuture<void>();
    let counter = fs.size;
    const release = () => {
      if (!waiter.done()) waiter.setResult(undefined);
    };
    const timer = timeout !== null && timeout !== Infinity ? loop.callLater(timeout, release) : null;
    const onDone = (f: Future<unknown>) => {
      counter--;
      if (
        counter <= 0 ||
        returnWhen === FIRST_COMPLETED ||
        (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== undefined)
      ) {
        timer?.cancel();
        release();
      }
    };
    markAwaiter(onDone, waiter, "wait");
    for (const f of fs) f.addDoneCallback(onDone);
    try {
      yield* waiter;
    } finally {
      timer?.cancel();
      for (const f of fs) f.removeDoneCallback(onDone);
    }
    const done = new Set<F>();
    const pending = new Set<F>();
    for (const f of fs) (f.done() ? done : pending).add(f);
    return { done, pending };
  });
}
