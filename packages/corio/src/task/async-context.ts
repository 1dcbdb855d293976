/**
 * Which async-function task's code is running now — the core's side of Node's
 * `AsyncLocalStorage`, which the host provides (host/host.ts).
 *
 * A generator task knows where it waits: the task steps it and sees every future it
 * yields. An async function's `await` goes through `then()` instead, in a microtask the
 * task never sees, so an `AsyncLocalStorage` carries "this code belongs to task T" along
 * the function's promise chain: its awaits, the async functions it calls, the async
 * generators it iterates. A corio future's `then()` reads it (task/async-awaits.ts) to tie
 * the await to T, so cancelling T cancels what it awaits, as for a generator.
 *
 * Kept to these three functions on purpose: a later issue makes the core run in browsers,
 * where no `node:` import is allowed. There the host has no store: `enter` just calls
 * `fn`, `runningAsyncTask` returns `undefined` and
 * `tracksAsyncTasks()` is false: async-function tasks then fall back to signal-only
 * cancellation (task.ts).
 *
 * The storage is enabled lazily, on the first async-function task: until then a program
 * (every `yield*`-style program) pays nothing, not even Node's promise hooks, which an
 * enabled AsyncLocalStorage installs and which tax every promise in the process.
 * @module
 */
import { host, type AsyncStore } from "../host/host.js";
import type { Task } from "./task.js";

/**
 * False where the host has no async context (browsers): cancelling an async-function task
 * then relies on its signal. Asked on use, after the host is installed.
 */
export function tracksAsyncTasks(): boolean {
  return store() !== undefined;
}

/** The store, created on first use (null: not asked yet; undefined: the host has none). */
let storage: AsyncStore<Task<unknown>> | undefined | null = null;
/** Set by the first {@link enterAsyncTask}; before that the storage is never touched. */
let used = false;

function store(): AsyncStore<Task<unknown>> | undefined {
  if (storage === null) storage = host().createAsyncStore<Task<unknown>>();
  return storage;
}

/**
 * Calls `fn(arg)` with `task` as the running async-function task: the code it runs and
 * every promise continuation it creates belong to `task`.
 * @internal
 */
export function enterAsyncTask<A, R>(task: Task<unknown>, fn: (arg: A) => R, arg: A): R {
  const s = store();
  if (s === undefined) return fn(arg);
  used = true;
  return s.run(task, fn, arg);
}

/** The async-function task whose code is running, if any. @internal */
export function runningAsyncTask(): Task<unknown> | undefined {
  return used ? storage?.getStore() : undefined;
}

/**
 * Called at the start of each loop turn: the turn itself belongs to no async function,
 * even when it was queued from one (a `setImmediate` or microtask inherits the context
 * of the code that queued it), and nothing it queues may inherit one either.
 * @internal
 */
export function leaveAsyncTasks(): void {
  if (used && storage?.getStore() !== undefined) storage.enterWith(undefined);
}
