/**
 * The registry of live loops on a well-known global, so a program can be inspected from
 * outside with no change to its code: `corio ps PID` / `corio pstree PID` attach the
 * inspector and evaluate `globalThis[Symbol.for("corio.registry")].snapshot()`.
 *
 * Loops are held weakly (a loop never closed must not be kept alive by being listed).
 * Two copies of corio in one process share one registry: the first copy's `snapshot`
 * reads tasks only through their public getters, so it describes the other copy's too.
 * @module
 */
import { host } from "../host/host.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Task } from "../task/task.js";
import { framesOf } from "./call-graph.js";
import { awaitingTasks } from "./awaited-by.js";
import { idOf } from "./ids.js";
import { enableYieldSites } from "./yield-sites.js";

/** The global key of the registry. */
export const REGISTRY_KEY: unique symbol = Symbol.for("corio.registry") as never;

/** One task in a snapshot (what `corio ps` prints). */
export interface TaskSnapshot {
  id: number;
  name: string;
  state: string;
  waitingOn: string | null;
  /** The id of `task.parent`, or `null`. */
  parent: number | null;
  /** How the parent waits for it: `null` (`yield*`), `"gather"`, `"TaskGroup"`, `"shield"`. */
  via: string | null;
  /** User frames where it waits (debug mode), innermost first. */
  frames: string[];
}

/** One loop in a snapshot. */
export interface LoopSnapshot {
  id: number;
  time: number;
  debug: boolean;
  tasks: TaskSnapshot[];
}

/** What `snapshot()` returns, as JSON. */
export interface ProcessSnapshot {
  pid: number;
  argv: string[];
  loops: LoopSnapshot[];
}

interface Registry {
  readonly loops: Set<WeakRef<EventLoop>>;
  snapshot(): string;
}

function snapshotTask(task: Task<unknown>): TaskSnapshot {
  const first = awaitingTasks(task);
  const parentEdge = first.find((a) => a.via === "TaskGroup") ?? first[0];
  return {
    id: idOf(task),
    name: task.getName(),
    state: task.state,
    waitingOn: task.waitingOn,
    parent: parentEdge === undefined ? null : idOf(parentEdge.task),
    via: parentEdge?.via ?? null,
    frames: framesOf(task),
  };
}

/** Every live loop and its pending tasks, as plain data. @internal */
export function takeSnapshot(loops: Set<WeakRef<EventLoop>>): ProcessSnapshot {
  const out: LoopSnapshot[] = [];
  for (const ref of loops) {
    const loop = ref.deref();
    if (loop === undefined || loop.isClosed()) {
      loops.delete(ref);
      continue;
    }
    const tasks = [...loop._tasks].map(snapshotTask).sort((a, b) => a.id - b.id);
    out.push({ id: idOf(loop), time: loop.time(), debug: loop.getDebug(), tasks });
  }
  const info = host().processInfo();
  return { pid: info?.pid ?? 0, argv: info?.argv.slice(1) ?? [], loops: out };
}

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let r = g[REGISTRY_KEY];
  if (r === undefined) {
    const loops = new Set<WeakRef<EventLoop>>();
    r = { loops, snapshot: () => JSON.stringify(takeSnapshot(loops)) };
    Object.defineProperty(globalThis, REGISTRY_KEY, { value: r, enumerable: false, configurable: true });
  }
  return r;
}

/** Lists a new loop (EventLoop's constructor); a loop in debug mode starts yield-site capture. @internal */
export function registerLoop(loop: EventLoop): void {
  registry().loops.add(new WeakRef(loop));
  if (loop.getDebug()) enableYieldSites();
}

/** The snapshot of this process, as `corio ps` would read it from outside. @internal */
export function processSnapshot(): ProcessSnapshot {
  return JSON.parse(registry().snapshot()) as ProcessSnapshot;
}
