import { host } from "../host/host.js";
import type { EventLoop } from "../loop/event-loop.js";
import { failProcess } from "../loop/unhandled.js";
import type { Future } from "./future.js";

/**
 * Reporting exceptions that nobody retrieved (asyncio's "Task exception was never
 * retrieved"). Reporting when the future fails would be wrong — its owner may look at it
 * a moment later — so the report waits until the future is garbage-collected or its loop
 * closes, whichever comes first, and is dropped if someone retrieves the exception first.
 *
 * The record holds what the message needs but not the future, so it cannot keep the
 * future alive.
 * @internal
 */
export class Unretrieved {
  private done = false;
  constructor(
    private readonly loop: EventLoop,
    private readonly exception: unknown,
    private readonly what: string,
  ) {}

  retrieve(): void {
    this.done = true;
    this.loop._unretrieved.delete(this);
    registry.unregister(this);
  }

  /** @param inExitListener called from a process `exit` listener (the process is ending). */
  report(inExitListener = false): void {
    if (this.done) return;
    this.done = true;
    this.loop._unretrieved.delete(this);
    this.loop.callExceptionHandler({ message: `${this.what} exception was never retrieved`, exception: this.exception });
    if (this.loop._unhandledErrors === "fatal") failProcess(inExitListener);
  }
}

const registry = new FinalizationRegistry<Unretrieved>((record) => record.report());

/** @internal */
export function reportLater(future: Future<unknown>, exception: unknown): Unretrieved {
  const name = (future as { getName?: () => string }).getName?.();
  settleStack(exception, 0);
  const record = new Unretrieved(future._loop, exception, name === undefined ? "Future" : `Task "${name}"`);
  future._loop._unretrieved.add(record);
  registry.register(future, record, record);
  return record;
}

/**
 * Turns an error's stack into its text now. Until `stack` is first read, V8 keeps the raw
 * call sites, and each holds its frame's `this` — for an error thrown in a coroutine, the
 * Task stepping it. The record holds the error, the registry holds the record: the task
 * could never be collected, so its error was never reported (only when its loop closed,
 * and never for the default loop). Causes and grouped errors are settled too.
 */
function settleStack(e: unknown, depth: number): void {
  if (depth > 8 || !(e instanceof Error)) return;
  try {
    void e.stack;
  } catch {
    // A stack getter that throws keeps nothing alive that we can drop.
  }
  settleStack(e.cause, depth + 1);
  if (e instanceof AggregateError && Array.isArray(e.errors)) {
    for (const inner of e.errors.slice(0, 32)) settleStack(inner, depth + 1);
  }
}

/**
 * The default loop is never closed, so what it still holds unretrieved is reported when
 * the program ends: on `beforeExit` (the handler may still do async work), or on `exit`
 * for a program that calls `process.exit()`.
 * @internal
 */
export function reportAtExit(loop: EventLoop): void {
  const reportAll = (inExitListener: boolean) => {
    for (const record of [...loop._unretrieved]) record.report(inExitListener);
  };
  host().onExit("beforeExit", () => reportAll(false));
  host().onExit("exit", () => reportAll(true));
}
