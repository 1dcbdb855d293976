/**
 * Debug mode's slow-step report: a task step or callback that keeps the loop busy longer
 * than `loop.slowCallbackDuration` is reported, naming the task. A task resumed after a
 * wait does not run as an entry of its own: it runs inside the done callbacks of the
 * future it waited on (or its Wakeup), so those are taken apart here and each callback
 * timed and named by itself — "Task "fetch" took 250 ms", not "done callbacks took 250 ms".
 * Only in debug mode: the normal path runs an entry with one call and no clock reads.
 * @internal
 */
import { Future } from "../task/future.js";
import { Task } from "../task/task.js";
import { Wakeup } from "../task/wakeup.js";
import type { EventLoop } from "./event-loop.js";
import { Handle, type Runnable } from "./handles.js";

/** Runs one ready-queue entry, timing (and naming) each task step or callback in it. */
export function runTimed(loop: EventLoop, r: Runnable): void {
  if (r instanceof Future && r.done()) {
    // A done future (a Task's too, once finished): its callbacks, one by one.
    const cbs = r._callbacks;
    if (cbs === null) return;
    r._callbacks = null;
    for (const cb of Array.isArray(cbs) ? cbs : [cbs]) {
      timed(loop, cb instanceof Task ? cb : null, typeof cb === "function" ? `done callback ${cb.name || "<anonymous>"}` : "", () => r._runCallback(cb));
    }
    return;
  }
  if (r instanceof Wakeup) {
    const task = r._parked();
    timed(loop, task instanceof Task ? task : null, "a wakeup", () => r._run());
    return;
  }
  const what = r instanceof Handle ? `callback ${r._callback.name || "<anonymous>"}` : "a ready entry";
  timed(loop, r instanceof Task ? r : null, what, () => r._run());
}

function timed(loop: EventLoop, task: Task<unknown> | null, what: string, run: () => void): void {
  const t0 = performance.now();
  run();
  const took = performance.now() - t0;
  if (took <= loop.slowCallbackDuration) return;
  const subject = task !== null ? `Task "${task.getName()}"` : what;
  loop.callExceptionHandler({
    message: `Executing ${subject} took ${took.toFixed(1)} ms: it blocked the event loop (debug mode warns above ${loop.slowCallbackDuration} ms)`,
    ...(task !== null ? { task } : {}),
  });
}
