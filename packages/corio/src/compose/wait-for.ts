import { TimeoutError, isCancelled } from "../errors.js";
import { checkDelay } from "../internal/validate.js";
import { getRunningLoop } from "../loop/running-loop.js";
import type { Awaitable } from "../task/awaitable.js";
import type { Future } from "../task/future.js";
import { lazy } from "../task/lazy.js";
import { withTimeout } from "../scopes/timeout.js";
import { ensureFuture, type AwaitableLike } from "./ensure-future.js";

/**
 * Waits for `aw` for at most `ms` milliseconds (`null`: no limit). On timeout the inner
 * task is cancelled and awaited, then `TimeoutError` is thrown (asyncio's `wait_for`).
 * If the inner task swallows the cancellation and returns, that value is returned.
 *
 * @example
 * try { const r = yield* waitFor(task, 2000); } catch (e) { if (e instanceof TimeoutError) ... }
 */
export function waitFor<T>(aw: AwaitableLike<T>, ms: number | null): Awaitable<T> {
  if (ms !== null) checkDelay("waitFor(ms)", ms);
  return lazy(function* () {
    const fut = ensureFuture(aw, getRunningLoop());
    if (ms !== null && ms <= 0) {
      if (fut.done()) return fut.result();
      yield* cancelAndWait(fut);
      try {
        return fut.result();
      } catch (e) {
        if (isCancelled(e)) throw new TimeoutError("timed out after 0 ms", { cause: e });
        throw e;
      }
    }
    return yield* withTimeout(ms, function* () {
      return yield* fut;
    });
  });
}

function* cancelAndWait(fut: Future<unknown>): Generator<unknown, void, unknown> {
  const loop = fut.getLoop();
  const waiter = loop.createFuture<void>();
  const release = () => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  fut.addDoneCallback(release);
  try {
    fut.cancel();
    // Wait for the cancellation to land even if we are cancelled meanwhile.
    yield* waiter;
  } finally {
    fut.removeDoneCallback(release);
  }
}
