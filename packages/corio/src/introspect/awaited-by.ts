/**
 * "Who waits for this future?" — the edges of the await graph, read from what a future
 * already holds: its done callbacks. A task parked on a future is stored in the callback
 * list as itself; gather, shield and TaskGroup register closures, which they mark here
 * once (per call or per group) with the future or task that stands behind them.
 * Nothing is recorded per wait, so the graph costs nothing until someone asks for it.
 * @module
 */

/** A future-like object whose done callbacks we can read. @internal */
export interface CallbackHolder {
  _callbacks: unknown;
}

/** What stands behind a marked callback: the task or outer future that waits, and how. @internal */
export interface AwaiterMark {
  /** A task (a TaskGroup's parent) or an outer future (gather, shield) to follow further. */
  readonly awaiter: CallbackHolder;
  /** How it waits: "gather", "shield", "TaskGroup"… */
  readonly via: string;
}

const marks = new WeakMap<Function, AwaiterMark>();

/** Records that `callback` (a done callback) stands for `awaiter` waiting. @internal */
export function markAwaiter(callback: Function, awaiter: CallbackHolder, via: string): void {
  marks.set(callback, { awaiter, via });
}

/** One edge: `awaiter` waits for the future, directly (`via` null) or through gather/shield/TaskGroup. @internal */
export interface AwaitEdge {
  readonly awaiter: CallbackHolder;
  readonly via: string | null;
}

/** Is `x` a task parked on a future (a callback entry that is a Task)? */
function isTaskLike(x: unknown): x is CallbackHolder {
  return typeof x === "object" && x !== null && typeof (x as { _waitTarget?: unknown })._waitTarget === "function";
}

/**
 * The direct awaiters of `future`: parked tasks and marked callbacks, in registration
 * order. Outer futures (gather, shield) are returned as is; callers follow them.
 * @internal
 */
export function awaitEdges(future: CallbackHolder): AwaitEdge[] {
  const cbs = future._callbacks;
  const list: unknown[] = cbs === null || cbs === undefined ? [] : Array.isArray(cbs) ? cbs : [cbs];
  const edges: AwaitEdge[] = [];
  for (const cb of list) {
    if (isTaskLike(cb)) edges.push({ awaiter: cb, via: null });
    else if (typeof cb === "function") {
      const mark = marks.get(cb);
      if (mark !== undefined) edges.push({ awaiter: mark.awaiter, via: mark.via });
    }
  }
  return edges;
}

/**
 * The tasks waiting for `future`, following gather and shield futures up to the tasks
 * that wait on them. Each entry names how the task waits (`null`: `yield*` on it).
 * @internal
 */
export function awaitingTasks(future: CallbackHolder): { task: CallbackHolder; via: string | null }[] {
  const out: { task: CallbackHolder; via: string | null }[] = [];
  const seen = new Set<CallbackHolder>();
  const visit = (f: CallbackHolder, via: string | null): void => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const e of awaitEdges(f)) {
      const how = e.via ?? via;
      if (isTaskLike(e.awaiter)) out.push({ task: e.awaiter, via: how });
      else visit(e.awaiter, how);
    }
  };
  visit(future, null);
  return out;
}
