import { RuntimeError } from "../errors.js";
import { reportAtExit } from "../task/unretrieved.js";
import { EventLoop } from "./event-loop.js";

/**
 * Which loop is "the" loop right now. Inside a callback or task step it is the loop that
 * runs it; otherwise the loop of the active `run()`; otherwise a default loop created on
 * first use, so `createTask` works anywhere (an HTTP handler, a test, a REPL) the way
 * promises do. asyncio raises instead of falling back; JavaScript code has no `run()`
 * at its entry point, so raising would make corio unusable from ordinary async code.
 */
let iterating: EventLoop | null = null;
let active: EventLoop | null = null;
let fallback: EventLoop | null = null;

/**
 * The loop that runs the current task or callback, else the active `run()`'s loop, else
 * the lazily created default loop.
 *
 * @example
 * const loop = getRunningLoop();
 * loop.callLater(100, () => console.log("tick"));
 */
export function getRunningLoop(): EventLoop {
  return iterating ?? active ?? fallback ?? createDefaultLoop();
}

function createDefaultLoop(): EventLoop {
  fallback = new EventLoop();
  reportAtExit(fallback);
  return fallback;
}

/** @internal the loop `getRunningLoop()` would return, without creating the default one. */
export function _peekRunningLoop(): EventLoop | null {
  return iterating ?? active ?? fallback;
}

/** @internal the loop whose turn is running, swapped in and out by the loop itself. */
export function _enterIteration(loop: EventLoop | null): EventLoop | null {
  const prev = iterating;
  iterating = loop;
  return prev;
}

/** @internal */
export function _activeRunLoop(): EventLoop | null {
  return active;
}

/** @internal `run()` claims the thread; a second concurrent `run()` is refused. */
export function _claimRun(loop: EventLoop): void {
  if (active !== null) {
    throw new RuntimeError(
      "run() cannot be called while another run() is active in this thread; " +
        "inside a coroutine use `yield* main()` or `createTask(main())` instead",
    );
  }
  active = loop;
}

/** @internal */
export function _releaseRun(loop: EventLoop): void {
  if (active === loop) active = null;
}
