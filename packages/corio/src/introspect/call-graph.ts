/**
 * Call-graph introspection (asyncio 3.14's `capture_call_graph` / `print_call_graph`):
 * a task, where it waits, and who waits for it, up through gather, TaskGroup, waitFor
 * and shield to the root.
 *
 * Frames (file:line of the user's `yield*`) are known for the running task always, and
 * for suspended tasks in debug mode only: see yield-sites.ts for why.
 * @module
 */
import { host } from "../host/host.js";
import { currentTask, type Task } from "../task/task.js";
import { awaitingTasks } from "./awaited-by.js";
import { idOf } from "./ids.js";
import type { TaskState } from "./task-info.js";
import { userFrames, yieldSiteFrames } from "./yield-sites.js";

/**
 * One task in a call graph: what it is doing, the user frames where it waits (innermost
 * first) and the tasks waiting for it.
 */
export interface CallGraph {
  /** The task itself. */
  readonly task: Task<unknown>;
  /** Its number, stable for the life of the process (the id `corio ps` shows). */
  readonly id: number;
  readonly name: string;
  readonly state: TaskState;
  /** What it is parked on (`task.waitingOn`), or `null`. */
  readonly waitingOn: string | null;
  /**
   * How it waits for the task below it in the graph: `null` for a direct `yield*`,
   * else `"gather"`, `"TaskGroup"` or `"shield"`. `null` at the root of the capture.
   */
  readonly via: string | null;
  /**
   * User frames where it is suspended, innermost first, as `"fn (file:line:col)"`: for
   * the running task always, for a waiting task only in debug mode (else empty).
   */
  readonly frames: readonly string[];
  /** The tasks waiting for this one, each with its own graph. */
  readonly awaitedBy: readonly CallGraph[];
}

/** How deep "awaited by" is followed (a guard against pathological graphs). */
const MAX_DEPTH = 64;

/**
 * The call graph of `task` (default: the current task): the task with the frames where
 * it waits, and recursively the tasks waiting for it. `undefined` when called outside
 * a task with no argument.
 *
 * @example
 * ```ts
 * import { captureCallGraph, run, sleep, withTaskGroup } from "corio";
 * await run(function* () {
 *   yield* withTaskGroup(function* (tg) {
 *     tg.createTask(function* () {
 *       const graph = captureCallGraph()!;
 *       console.log(graph.name, "awaited by", graph.awaitedBy.map((g) => `${g.name} (${g.via})`));
 *       yield* sleep(1);
 *     }, { name: "child" });
 *   });
 * });
 * ```
 */
export function captureCallGraph(task?: Task<unknown>): CallGraph | undefined {
  const t = task ?? currentTask();
  if (t === undefined) return undefined;
  return graphOf(t, null, new Set(), 0);
}

function graphOf(task: Task<unknown>, via: string | null, seen: Set<Task<unknown>>, depth: number): CallGraph {
  seen.add(task);
  const awaitedBy: CallGraph[] = [];
  if (depth < MAX_DEPTH) {
    for (const a of awaitingTasks(task)) {
      const awaiter = a.task as Task<unknown>;
      if (!seen.has(awaiter)) awaitedBy.push(graphOf(awaiter, a.via, seen, depth + 1));
    }
  }
  return {
    task,
    id: idOf(task),
    name: task.getName(),
    state: task.state,
    waitingOn: task.waitingOn,
    via,
    frames: framesOf(task),
    awaitedBy,
  };
}

/** The user frames of `task`: its live stack while it runs, its last yield site (debug mode) while it waits. @internal */
export function framesOf(task: Task<unknown>): string[] {
  if (task === currentTask()) {
    const holder: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 40;
    Error.captureStackTrace(holder);
    Error.stackTraceLimit = limit;
    return userFrames(holder.stack ?? "");
  }
  return task.state === "waiting" ? yieldSiteFrames(task) : [];
}

/** One line naming a task in a graph: `Task "main" #4 [TaskGroup] waiting on Lock#1.acquire`. */
function headline(g: Pick<CallGraph, "id" | "name" | "state" | "waitingOn" | "via">): string {
  const doing = g.waitingOn !== null ? `waiting on ${g.waitingOn}` : g.state;
  return `Task "${g.name}" #${g.id}${g.via !== null ? ` [${g.via}]` : ""} ${doing}`;
}

/**
 * The call graph of `task` (default: the current task) as text, like asyncio's
 * `format_call_graph`: one `*` line per task, its frames, then "awaited by" indented.
 * Empty string outside a task with no argument.
 *
 * @example
 * ```ts
 * import { createTask, formatCallGraph, run, sleep } from "corio";
 * await run(function* () {
 *   const child = createTask(sleep(50), { name: "child" });
 *   yield* sleep(1);
 *   const waiter = createTask(function* () { yield* child; }, { name: "waiter" });
 *   yield* sleep(1);
 *   console.log(formatCallGraph(child));
 *   // * Task "child" #1 waiting on sleep until 50 ms
 *   //   + awaited by:
 *   //     * Task "waiter" #2 waiting on Task "child"
 *   yield* waiter;
 * });
 * ```
 */
export function formatCallGraph(task?: Task<unknown>): string {
  const graph = captureCallGraph(task);
  if (graph === undefined) return "";
  const lines: string[] = [];
  const render = (g: CallGraph, indent: string): void => {
    lines.push(`${indent}* ${headline(g)}`);
    for (const f of g.frames) lines.push(`${indent}  |   at ${f}`);
    if (g.awaitedBy.length === 0) return;
    lines.push(`${indent}  + awaited by:`);
    for (const a of g.awaitedBy) render(a, `${indent}    `);
  };
  render(graph, "");
  return `${lines.join("\n")}\n`;
}

/**
 * Prints {@link formatCallGraph} of `task` (default: the current task) to stdout, or to
 * `write` when given (asyncio's `print_call_graph`).
 *
 * @example
 * ```ts
 * import { printCallGraph, run, sleep } from "corio";
 * await run(function* () { printCallGraph(); yield* sleep(1); }, { name: "main" });
 * ```
 */
export function printCallGraph(task?: Task<unknown>, write: (text: string) => void = (t) => host().writeOut(t)): void {
  write(formatCallGraph(task));
}
