/**
 * `run(main)`: the entry point (asyncio.run). Creates a loop, runs `main` as a task, then
 * cancels and awaits every task still pending (errors they raise while cancelling are
 * reported, not lost), reports exceptions nobody retrieved, and closes the loop.
 */
import { KeyboardInterrupt, isCancelled } from "../errors.js";
import { host } from "../host/host.js";
import type { Clock } from "../loop/clock.js";
import { EventLoop } from "../loop/event-loop.js";
import type { UnhandledErrors } from "../loop/unhandled.js";
import { _claimRun, _releaseRun } from "../loop/running-loop.js";
import type { Future } from "./future.js";
import type { Task, TaskSource } from "./task.js";

/** Options of {@link run}. */
export interface RunOptions {
  /** The loop's clock; pass a `VirtualClock` in tests. Default: real time. */
  clock?: Clock;
  /**
   * Debug mode: report steps that block the loop and awaitables never yielded (a
   * forgotten `yield*`). Default: `CORIO_DEBUG=1`.
   */
  debug?: boolean;
  /** In debug mode, the step duration (ms) reported as blocking the loop. Default 100. */
  slowStepMs?: number;
  /**
   * Handle Ctrl-C: the first SIGINT cancels the main task (its cleanup runs) and `run`
   * rejects with `KeyboardInterrupt`; a second one exits the process (code 130).
   * A handler the program adds with `loop.addSignalHandler("SIGINT", …)` replaces this
   * one while it is installed. Default `true`.
   */
  handleSignals?: boolean;
  /** Name of the main task. Default `"main"`. */
  name?: string;
  /**
   * `"fatal"`: an exception nobody retrieved ends the process with exit code 1 once
   * reported (see `EventLoopOptions.unhandledErrors`). Default: `CORIO_UNHANDLED`.
   */
  unhandledErrors?: UnhandledErrors;
}

/**
 * Runs `main` to completion on a new event loop and resolves with its result.
 *
 * @throws RuntimeError if another `run()` is active in this thread.
 * @example
 * import { run, sleep } from "corio";
 * const answer = await run(function* () { yield* sleep(100); return 42; });
 */
export async function run<T>(main: TaskSource<T>, options: RunOptions = {}): Promise<T> {
  const loop = new EventLoop({ clock: options.clock, debug: options.debug, slowStepMs: options.slowStepMs, unhandledErrors: options.unhandledErrors });
  _claimRun(loop);
  let interrupted = false;
  let onSigint: (() => void) | null = null;
  try {
    const task = loop.createTask(main, { name: options.name ?? "main" });
    if (options.handleSignals ?? true) {
      onSigint = () => {
        // The program's own SIGINT handler (loop.addSignalHandler) wins: it runs instead.
        if (loop._hasSignalHandler("SIGINT")) return;
        if (interrupted) host().exit(130);
        interrupted = true;
        task.cancel("KeyboardInterrupt");
      };
      host().onSignal("SIGINT", onSigint);
    }
    await settled(task);
    try {
      return task.result();
    } catch (e) {
      if (interrupted && isCancelled(e)) throw new KeyboardInterrupt("interrupted by SIGINT", { cause: e });
      throw e;
    }
  } finally {
    try {
      await cancelLeftovers(loop);
    } finally {
      if (onSigint !== null) host().offSignal("SIGINT", onSigint);
      loop.close();
      _releaseRun(loop);
    }
  }
}

function settled(f: Future<unknown>): Promise<void> {
  return new Promise<void>((resolve) => f.addDoneCallback(() => resolve()));
}

/** Cancels every pending task and waits for them; repeats while cleanup spawns more. */
async function cancelLeftovers(loop: EventLoop): Promise<void> {
  for (let round = 0; loop._tasks.size > 0 && round < 100; round++) {
    const tasks = [...loop._tasks];
    for (const t of tasks) t.cancel();
    await Promise.all(tasks.map(settled));
    for (const t of tasks as Task<unknown>[]) {
      if (t.cancelled()) continue;
      const exception = t.exception();
      if (exception !== undefined) {
        loop.callExceptionHandler({ message: "unhandled exception during run() shutdown", exception, task: t });
      }
    }
  }
}
