/**
 * Where a suspended task waits, as file:line of the user's `yield*` — debug mode only.
 *
 * A suspended generator has no stack: once it yielded, nothing in JavaScript can say at
 * which line it stopped. The one moment the user's frames are all on the stack is the
 * yield itself, when the innermost corio iterator hands the task what to wait on
 * (`yielded()` in task/awaitable.ts). Capturing a stack trace there costs a few
 * microseconds per wait — too much for every program (a busy loop waits millions of times),
 * so it happens only while some loop is in debug mode (`CORIO_DEBUG=1`,
 * `run(main, { debug: true })`, `loop.setDebug(true)`). Outside debug mode the call graph
 * still has every task, what it waits on and who waits for it, just no line numbers.
 * @module
 */
import { pathFrom } from "../host/file-path.js";
import { setYieldHook } from "../task/awaitable.js";
import { currentTask, type Task } from "../task/task.js";

/** The stack captured at each task's latest wait (an object whose `stack` V8 formats on first read). */
const sites = new WeakMap<Task<unknown>, { stack?: string }>();

/** Deep coroutine chains need more than V8's default 10 frames. */
const SITE_FRAMES = 40;

function recordSite(yielded: unknown): void {
  // `sleep(0)` (YIELD_NOW, a symbol) parks on nothing: there is no wait to locate.
  if (typeof yielded === "symbol") return;
  const task = currentTask();
  if (task === undefined || !task.getLoop().getDebug()) return;
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = SITE_FRAMES;
  Error.captureStackTrace(holder, recordSite);
  Error.stackTraceLimit = limit;
  sites.set(task, holder);
}

let enabled = false;

/**
 * Starts recording yield sites (called when a loop enters debug mode). Stays on: loops
 * not in debug mode pay one check per wait.
 * @internal
 */
export function enableYieldSites(): void {
  if (enabled) return;
  enabled = true;
  setYieldHook(recordSite);
}

/** The user frames where `task` last waited (debug mode), innermost first; `[]` if unknown. @internal */
export function yieldSiteFrames(task: Task<unknown>): string[] {
  const holder = sites.get(task);
  return holder?.stack === undefined ? [] : userFrames(holder.stack);
}

/**
 * corio's own source and build folders: their frames are noise here. Both, whichever
 * runs: with source maps on, frames of the built code are reported at the source files.
 */
const PACKAGE_ROOT = pathFrom("../../", import.meta.url);
const CORIO_DIRS = PACKAGE_ROOT === null ? [] : [`${PACKAGE_ROOT}src/`, `${PACKAGE_ROOT}dist/`];

/** A frame in corio's own code (its test files excepted: they are users of corio). */
function isCorioFrame(frame: string): boolean {
  return CORIO_DIRS.some((dir) => frame.includes(dir)) && !/\.test\.[jt]s:/.test(frame);
}

/**
 * The frames of a V8 stack string that belong to the user's code, as `"fn (file:line:col)"`:
 * without corio's own frames, Node's internals, V8's `gen.next (<anonymous>)` resumptions and
 * evaluated code (`corio ps` reading the registry through the inspector).
 * @internal
 */
export function userFrames(stack: string): string[] {
  const frames: string[] = [];
  for (const line of stack.split("\n")) {
    const m = /^\s+at (.*)$/.exec(line);
    if (m === null) continue;
    const frame = m[1]!;
    if (isCorioFrame(frame) || frame.includes("(node:") || frame.startsWith("node:") || frame.endsWith("(<anonymous>)") || frame.startsWith("<anonymous>")) continue;
    frames.push(frame.replace(/file:\/\/(\/[^:)]*)/, "$1"));
  }
  return frames;
}
