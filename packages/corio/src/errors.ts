/**
 * Every error corio throws on purpose. Each class says when it is thrown and how it
 * differs from its nearest sibling; `name` is set so logs and `instanceof`-free checks
 * (`e.name === "CancelledError"`) both work across realms.
 *
 * asyncio's `ValueError` cases throw the built-in `RangeError` (a bad value) or
 * `TypeError` (a bad type), which JavaScript users already expect.
 * @module
 */

/** Base class of the errors below; never thrown itself. */
export class CorioError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Thrown into a coroutine at its suspension point when its task is cancelled
 * (`task.cancel(msg)` puts `msg` in `message`). Catching it means the task carries on
 * as if not cancelled: re-throw it unless you truly mean to swallow the cancellation.
 *
 * @example
 * try { yield* sleep(1000); } catch (e) { if (isCancelled(e)) cleanup(); throw e; }
 */
export class CancelledError extends CorioError {}

/**
 * A CancelledError made by the runtime itself, without a captured stack. Cancelling many
 * tasks is routine (a timeout scope, a task group shutting down) and capturing a stack
 * dominated its cost; the stack would only show the loop's internals anyway, since the
 * error is thrown into the coroutine where it waits. Debug mode keeps the stack.
 * @internal
 */
export function cancelledError(message: string, withStack = false): CancelledError {
  if (withStack) return new CancelledError(message);
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new CancelledError(message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * A deadline passed: `withTimeout`, `withTimeoutAt`, `waitFor` or a `timeout` option.
 * Its `cause` is the {@link CancelledError} the timeout scope absorbed. Differs from
 * `CancelledError`: the scope that set the deadline turned its own cancellation into this.
 *
 * @example
 * try { yield* waitFor(task, 2000); } catch (e) { if (e instanceof TimeoutError) retry(); else throw e; }
 */
export class TimeoutError extends CorioError {}

/**
 * An operation was asked of a Future or Task in the wrong state (e.g. `result()` while pending).
 * @example if (!fut.done()) return; // result() would throw InvalidStateError
 */
export class InvalidStateError extends CorioError {}

/**
 * Misuse of the runtime that is not a bad argument: `run()` inside `run()`, a task awaiting
 * itself, a primitive used from another loop, releasing an unlocked `Lock`, a closed loop.
 * @example new Lock().release(); // RuntimeError: Lock is not acquired
 */
export class RuntimeError extends CorioError {}

/**
 * A feature the runtime corio runs on does not have: worker threads (`toThread`,
 * `runInExecutor`) or process signals (`addSignalHandler`) in a browser. The message
 * names what to use there instead.
 * @example loop.addSignalHandler("SIGINT", stop); // in a browser: NotSupportedError
 */
export class NotSupportedError extends CorioError {}

/**
 * Raised by `run()` when the first Ctrl-C (SIGINT) cancelled the main task.
 * @example run(main).catch((e) => { if (e instanceof KeyboardInterrupt) process.exitCode = 130; });
 */
export class KeyboardInterrupt extends CorioError {}

/**
 * Several errors at once, from the children of a `withTaskGroup` (asyncio's
 * `ExceptionGroup`). Extends `AggregateError`; nested groups nest.
 * @example catch (e) { if (e instanceof ExceptionGroup) for (const x of e.exceptions) log(x); }
 */
export class ExceptionGroup extends AggregateError {
  /** The errors, in the order they happened. */
  readonly exceptions: readonly unknown[];
  constructor(message: string, exceptions: readonly unknown[]) {
    super(exceptions, message);
    this.name = "ExceptionGroup";
    this.exceptions = exceptions;
  }
}

/** `getNowait()` on an empty queue. @example try { q.getNowait(); } catch (e) { if (e instanceof QueueEmpty) idle(); } */
export class QueueEmpty extends CorioError {}
/** `putNowait()` on a full queue. @example try { q.putNowait(x); } catch (e) { if (e instanceof QueueFull) drop(x); } */
export class QueueFull extends CorioError {}
/**
 * `put()` after `shutdown()`, or `get()` on a shut-down queue that has been drained.
 * @example for (;;) { try { handle(yield* q.get()); } catch (e) { if (e instanceof QueueShutDown) break; throw e; } }
 */
export class QueueShutDown extends CorioError {}
/**
 * A `Barrier` was reset or aborted while a task waited on it (or was already broken).
 * @example try { yield* barrier.wait(); } catch (e) { if (e instanceof BrokenBarrierError) return; throw e; }
 */
export class BrokenBarrierError extends CorioError {}

/**
 * `readexactly(n)` (or `readuntil`) hit end-of-stream first. `partial` holds what was read;
 * `expected` is how many bytes were wanted (`null` when unknown, as for `readuntil`).
 * @example catch (e) { if (e instanceof IncompleteReadError) console.log(e.partial.length, "of", e.expected); }
 */
export class IncompleteReadError extends CorioError {
  constructor(
    readonly partial: Uint8Array,
    readonly expected: number | null,
  ) {
    super(`${partial.length} bytes read on a total of ${expected ?? "undefined"} expected bytes`);
  }
}

/**
 * A separator was not found within the stream's buffer limit. The data stays in the buffer;
 * `consumed` says how many bytes must be read to get past the limit.
 * @example catch (e) { if (e instanceof LimitOverrunError) yield* reader.read(e.consumed); }
 */
export class LimitOverrunError extends CorioError {
  constructor(
    message: string,
    readonly consumed: number,
  ) {
    super(message);
  }
}

/**
 * A corio bug: an invariant that cannot break did. Please report it with the stack.
 * @internal
 */
export class InternalError extends CorioError {}

/**
 * True when `e` is a cancellation (corio's {@link CancelledError}).
 *
 * @example
 * catch (e) { if (!isCancelled(e)) log(e); throw e; }
 */
export function isCancelled(e: unknown): e is CancelledError {
  return e instanceof CancelledError;
}
