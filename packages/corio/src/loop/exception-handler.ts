import type { Future } from "../task/future.js";
import type { EventLoop } from "./event-loop.js";

/**
 * What the loop knows about an exception nobody could receive: a callback that threw, a
 * task's exception never retrieved, an error raised while `run()` cancelled leftovers.
 */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  /** The task concerned, when there is one. */
  task?: Future<unknown>;
  /** Anything else worth logging (names, sockets…). */
  [key: string]: unknown;
}

/** `loop.setExceptionHandler(handler)`: receives every unreceivable exception. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** Formats a context the way the default handler prints it. */
export function formatExceptionContext(ctx: ExceptionContext): string {
  const lines = [ctx.message];
  const task = ctx.task as { getName?: () => string } | undefined;
  if (task?.getName && !lines[0]!.includes(`"${task.getName()}"`)) lines[0] += ` (task "${task.getName()}")`;
  if (ctx.exception !== undefined) {
    const e = ctx.exception;
    lines.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
  }
  return lines.join("\n");
}
