/**
 * The await chain on an error that escapes a task. A failing task's stack trace shows
 * where the error was thrown; everything around it is corio's loop (`Task.step`,
 * `EventLoop.turn`), because a suspended coroutine has no stack. So when an error leaves
 * a task, the tasks waiting for it are appended to `error.stack` after a
 * `--- awaited by ---` marker (with the user frames where they wait, in debug mode), and
 * the same as data in a non-enumerable `corioCallGraph` property.
 * Only on the failure path: a task that finishes normally pays nothing.
 * @module
 */
import type { Task } from "../task/task.js";
import { captureCallGraph, type CallGraph } from "./call-graph.js";

/** The marker before the await chain in an annotated `error.stack`. */
export const AWAITED_BY_MARKER = "--- awaited by ---";

/** The await chain carried by an error as `corioCallGraph`: plain data, no live tasks. */
export interface ErrorCallGraph {
  readonly id: number;
  readonly name: string;
  /** How it waited for the task below it: `null` (`yield*`), `"gather"`, `"TaskGroup"`, `"shield"`. */
  readonly via: string | null;
  readonly frames: readonly string[];
  readonly awaitedBy: readonly ErrorCallGraph[];
}

/** Most lines appended to a stack (wide gathers are summarized). */
const MAX_LINES = 30;

function plain(g: CallGraph): ErrorCallGraph {
  return { id: g.id, name: g.name, via: g.via, frames: g.frames, awaitedBy: g.awaitedBy.map(plain) };
}

/**
 * Adds the await chain of `task` to `error` as it escapes the task. An error already
 * annotated (rethrown by the task that awaited the first one) is left alone: its chain
 * already goes up to the root. Errors that are not objects, or are frozen, are left as is.
 * @internal
 */
export function annotateEscapingError(task: Task<unknown>, error: unknown): void {
  if (typeof error !== "object" || error === null || !(error instanceof Error)) return;
  if (Object.prototype.hasOwnProperty.call(error, "corioCallGraph")) return;
  try {
    const graph = captureCallGraph(task)!;
    Object.defineProperty(error, "corioCallGraph", { value: plain(graph), enumerable: false, configurable: true, writable: true });
    const lines: string[] = [`    in task "${graph.name}"`];
    const render = (g: CallGraph, indent: string): void => {
      for (const a of g.awaitedBy) {
        if (lines.length >= MAX_LINES) return;
        const at = a.frames.length > 0 ? ` at ${a.frames[0]}` : "";
        lines.push(`${indent}task "${a.name}"${a.via !== null ? ` (${a.via})` : ""}${at}`);
        render(a, `${indent}  `);
      }
    };
    render(graph, "    ");
    if (lines.length >= MAX_LINES) lines.push("    …");
    const stack = typeof error.stack === "string" ? error.stack : `${error.name}: ${error.message}`;
    error.stack = `${stack}\n${AWAITED_BY_MARKER}\n${lines.join("\n")}`;
  } catch {
    // A getter that throws, a non-writable stack: the error goes on without the chain.
  }
}
