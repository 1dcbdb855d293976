import type { EventLoop } from "./event-loop.js";

/** Anything the ready queue can run: a {@link Handle}, a Task step, a Future's callbacks. */
export interface Runnable {
  /** @internal */
  _run(): void;
}

/**
 * A callback scheduled with `callSoon` (asyncio's `Handle`). `cancel()` before it runs
 * and it never runs.
 *
 * @example
 * const h = loop.callSoon(console.log, "hi");
 * h.cancel(); // nothing is printed
 */
export class Handle implements Runnable {
  /** @internal */
  _cancelled = false;
  constructor(
    /** @internal */ readonly _callback: (...args: any[]) => unknown,
    /** @internal */ readonly _args: readonly unknown[],
    /** @internal */ readonly _loop: EventLoop,
  ) {}

  /** Stops the callback from running; a no-op once it ran. */
  cancel(): void {
    if (!this._cancelled) {
      this._cancelled = true;
      this._onCancel();
    }
  }

  /** Whether `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal */
  _onCancel(): void {}

  /** @internal */
  _run(): void {
    if (this._cancelled) return;
    try {
      this._callback(...this._args);
    } catch (exception) {
      this._loop.callExceptionHandler({
        message: `Exception in callback ${this._callback.name || "<anonymous>"}`,
        exception,
      });
    }
  }
}

/**
 * A callback scheduled for a time on the loop's clock (`callLater`, `callAt`).
 *
 * @example
 * const h = loop.callLater(100, () => console.log("later"));
 * h.when(); // loop.time() + 100
 */
export class TimerHandle extends Handle {
  /** @internal scheduling order, so equal deadlines fire first-scheduled first. */
  _seq = 0;
  /** @internal true while the handle sits in the loop's timer heap. */
  _scheduled = false;

  constructor(
    /** @internal */ readonly _when: number,
    callback: (...args: any[]) => unknown,
    args: readonly unknown[],
    loop: EventLoop,
  ) {
    super(callback, args, loop);
  }

  /** The absolute time (loop clock, ms) the callback is due. */
  when(): number {
    return this._when;
  }

  /** @internal */
  override _onCancel(): void {
    if (this._scheduled) this._loop._timerCancelled();
  }
}
