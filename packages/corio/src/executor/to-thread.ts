/**
 * toThread: run one exported function of a module on the loop's default worker pool
 * (asyncio's `to_thread`, over worker threads instead of Python threads).
 */
import { getRunningLoop } from "../loop/running-loop.js";
import type { Awaitable } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";

/** Any function a worker can call. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WorkerFunction = (...args: any[]) => unknown;

/**
 * Runs `exportName(...args)` from the module at `moduleUrl` in a worker thread of the
 * running loop's default pool and returns its result (structured-cloned). Pass the
 * function's type to check the arguments and type the result. The job starts when the
 * awaitable is first waited on; cancelling the wait frees the caller at once (the worker
 * finishes the job and the result is dropped).
 *
 * @example
 * // work.mjs: export function sumSquares(n) { let s = 0; for (let i = 0; i < n; i++) s += i * i; return s; }
 * import type { sumSquares } from "./work.mjs";
 * const total = yield* toThread<typeof sumSquares>(new URL("./work.mjs", import.meta.url), "sumSquares", 1e7);
 */
export function toThread<F extends WorkerFunction = WorkerFunction>(
  moduleUrl: string | URL,
  exportName: string,
  ...args: Parameters<F>
): Awaitable<Awaited<ReturnType<F>>> {
  return lazy(() => getRunningLoop().runInExecutor<Awaited<ReturnType<F>>>(null, moduleUrl, exportName, ...args)[Symbol.iterator]());
}
