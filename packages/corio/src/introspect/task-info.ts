/**
 * What `task.state`, `task.waitingOn` and `task.parent` compute, on demand, from what a
 * task already holds (the future it is parked on, its done callbacks): no field, no
 * bookkeeping on the hot path.
 * @module
 */
import { awaitingTasks, type CallbackHolder } from "./awaited-by.js";

/**
 * Where a task is in its life:
 * - `"pending"`: created or woken, waiting for its next step in the ready queue;
 * - `"running"`: its step is running now (it is `currentTask()`);
 * - `"waiting"`: parked on something (see `task.waitingOn`);
 * - `"done"`, `"failed"`, `"cancelled"`: finished with a result, an exception, or cancelled.
 */
export type TaskState = "pending" | "running" | "waiting" | "done" | "failed" | "cancelled";

/** What a task can be parked on: a Future or a Wakeup, both able to say what they are. */
export interface WaitTarget {
  describe(): string;
  /** @internal */
  _waitLabel?(): string;
}

/** A short description of what a parked task waits on. @internal */
export function waitLabel(target: WaitTarget): string {
  return typeof target._waitLabel === "function" ? target._waitLabel() : target.describe();
}

/** The task's state from its future state, whether it runs now and what it is parked on. @internal */
export function taskState(futureState: number, running: boolean, target: WaitTarget | null): TaskState {
  switch (futureState) {
    case 1:
      return "done";
    case 2:
      return "cancelled";
    case 3:
      return "failed";
  }
  if (running) return "running";
  return target === null ? "pending" : "waiting";
}

/**
 * The task's parent: the task whose TaskGroup created it, else the first task that waits
 * for it (directly, or through gather or shield). `undefined` for a task nobody waits on.
 * @internal
 */
export function taskParent(task: CallbackHolder): CallbackHolder | undefined {
  const awaiters = awaitingTasks(task);
  return (awaiters.find((a) => a.via === "TaskGroup") ?? awaiters[0])?.task;
}
