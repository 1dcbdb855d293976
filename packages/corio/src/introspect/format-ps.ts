/**
 * `corio ps` and `corio pstree` output, from a process snapshot (like
 * `python -m asyncio ps/pstree`): a table of tasks, or the tree of who owns whom.
 * @module
 */
import { processSnapshot, type ProcessSnapshot, type TaskSnapshot } from "./registry.js";

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  ").trimEnd()).join("\n") + "\n";
}

/** The `corio ps` table: one row per pending task of every loop. @internal */
export function formatPs(snap: ProcessSnapshot): string {
  const rows: string[][] = [["LOOP", "TASK", "NAME", "STATE", "WAITING ON", "PARENT", "AT"]];
  for (const loop of snap.loops) {
    const names = new Map(loop.tasks.map((t) => [t.id, t.name]));
    for (const t of loop.tasks) {
      const parent = t.parent === null ? "-" : `${t.parent} ${names.get(t.parent) ?? "?"}${t.via !== null ? ` (${t.via})` : ""}`;
      rows.push([String(loop.id), String(t.id), t.name, t.state, t.waitingOn ?? "-", parent, t.frames[0] ?? ""]);
    }
  }
  if (rows.length === 1) return `PID ${snap.pid}: no corio tasks running\n`;
  return table(rows);
}

function line(t: TaskSnapshot): string {
  const doing = t.waitingOn !== null ? `waiting on ${t.waitingOn}` : t.state;
  const via = t.via !== null ? ` [${t.via}]` : "";
  const at = t.frames.length > 0 ? `  at ${t.frames[0]}` : "";
  return `Task "${t.name}" #${t.id}${via} ${doing}${at}`;
}

/** The `corio pstree` tree: each loop's tasks under the task that owns or awaits them. @internal */
export function formatPstree(snap: ProcessSnapshot): string {
  const out: string[] = [];
  for (const loop of snap.loops) {
    out.push(`loop #${loop.id} (time ${Math.round(loop.time)} ms${loop.debug ? ", debug" : ""})`);
    const byId = new Map(loop.tasks.map((t) => [t.id, t]));
    const children = new Map<number | null, TaskSnapshot[]>();
    for (const t of loop.tasks) {
      const key = t.parent !== null && byId.has(t.parent) ? t.parent : null;
      (children.get(key) ?? children.set(key, []).get(key)!).push(t);
    }
    const seen = new Set<number>();
    const walk = (t: TaskSnapshot, prefix: string, last: boolean): void => {
      out.push(`${prefix}${last ? "└── " : "├── "}${line(t)}`);
      if (seen.has(t.id)) return;
      seen.add(t.id);
      const kids = children.get(t.id) ?? [];
      kids.forEach((k, i) => walk(k, `${prefix}${last ? "    " : "│   "}`, i === kids.length - 1));
    };
    const roots = children.get(null) ?? [];
    roots.forEach((r, i) => walk(r, "", i === roots.length - 1));
    // Tasks in a cycle of awaits have no root: show them too.
    for (const t of loop.tasks) if (!seen.has(t.id)) walk(t, "", true);
  }
  if (out.length === 0) return `PID ${snap.pid}: no corio loop running\n`;
  return `${out.join("\n")}\n`;
}

/**
 * Every pending task of every live loop in this process, as a tree (what `corio pstree PID`
 * shows from outside): each task under the task whose TaskGroup created it or that awaits
 * it, with what it waits on — and, in debug mode, the file:line where it waits. Callable
 * from anywhere, e.g. a signal handler.
 *
 * @example
 * ```ts
 * import { createTask, formatTaskTree, run, sleep } from "corio";
 * await run(function* () {
 *   const t = createTask(sleep(10), { name: "napper" });
 *   yield* sleep(1);
 *   process.stderr.write(formatTaskTree());
 *   // loop #1 (time 1 ms)
 *   // ├── Task "main" #2 running
 *   // └── Task "napper" #3 waiting on sleep until 10 ms
 *   yield* t;
 * });
 * ```
 */
export function formatTaskTree(): string {
  return formatPstree(processSnapshot());
}
