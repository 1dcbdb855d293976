import { getRunningLoop } from "../loop/running-loop.js";
import { Future } from "../task/future.js";
import { markAwaiter } from "../introspect/awaited-by.js";
import { ensureFuture, loopOf, type AwaitableLike } from "./ensure-future.js";

/** Shielded tasks are kept alive here: nothing else may reference them. */
const shielded = new Set<Future<unknown>>();

/**
 * Protects `aw` from cancellation (asyncio's `shield`): cancelling the task that waits on
 * the shield cancels only the wait; `aw` runs on, and its result can still be awaited.
 *
 * @example
 * try { yield* shield(saveToDisk()); } catch (e) { if (isCancelled(e)) log("save continues"); throw e; }
 */
export function shield<T>(aw: AwaitableLike<T>): Future<T> {
  const loop = loopOf([aw], getRunningLoop);
  const inner = ensureFuture(aw, loop);
  if (inner.done()) return inner;
  shielded.add(inner);
  const outer = new Future<T>(loop);
  const onInnerDone = (f: Future<T>) => {
    shielded.delete(f);
    if (outer.cancelled()) {
      if (!f.cancelled()) f.exception();
      return;
    }
    if (f.cancelled()) {
      outer.cancel();
      return;
    }
    const exc = f.exception();
    if (exc !== undefined) outer.setException(exc);
    else outer.setResult(f.result());
  };
  markAwaiter(onInnerDone, outer, "shield");
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(() => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
    // Keep the inner task referenced until it finishes even though nobody waits for it;
    // its exception, if any, is still reported as never retrieved.
    if (!inner.done()) inner.addDoneCallback((f) => shielded.delete(f));
  });
  return outer;
}
