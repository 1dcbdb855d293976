/**
 * withProcess: a scope that owns a child process (Trio's `async with open_process()`).
 * However the body ends — returned, failed or cancelled — a child still running is sent
 * SIGTERM, given `graceMs` to exit, then SIGKILL, and reaped before the scope ends. This
 * is corio's answer to "never leak a child"; `killOnCancel` covers only cancelled waits.
 */
import { describe } from "../internal/validate.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";
import type { Process } from "./process.js";

/** Options of {@link withProcess}. */
export interface WithProcessOptions {
  /** Time between SIGTERM and SIGKILL in ms (default: the process's `killGraceMs`, 5000). */
  graceMs?: number;
}

/**
 * Starts a process, runs `body(proc)`, and makes sure the child is gone when the scope
 * ends; resolves to the body's result.
 *
 * @example
 * const out = yield* withProcess(createSubprocessExec("server", [], { stdout: PIPE }), function* (proc) {
 *   return yield* proc.stdout!.readline(); // the child is terminated when this returns
 * });
 */
export function withProcess<T>(spawn: Awaitable<Process>, body: (proc: Process) => Coro<T>, options: WithProcessOptions = {}): Awaitable<T> {
  if (typeof body !== "function") throw new TypeError(`withProcess(body): expected a coroutine function (proc) => …, got ${describe(body)}`);
  return lazy(() => scope(spawn, body, options));
}

function* scope<T>(spawn: Awaitable<Process>, body: (proc: Process) => Coro<T>, options: WithProcessOptions): Coro<T> {
  const proc = yield* spawn;
  try {
    return yield* body(proc);
  } finally {
    if (proc.returncode === null) yield* proc._terminateAndWait(options.graceMs);
  }
}
