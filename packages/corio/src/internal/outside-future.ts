/**
 * A Future that stands for a wait on the outside world (a socket read, a connect, a
 * drain, a child process, a worker's answer). While it is pending it holds the loop's
 * "outside work" count, so an autojump VirtualClock does not skip timers while bytes are
 * in flight; the hold is released exactly once, whether the future ends with a result,
 * an exception or a cancellation.
 *
 * `onCancel` is the wait's own undo (STYLE habit 3): it runs once, only when the future
 * is cancelled, e.g. to tear down a half-open connection or drop a queued job.
 */
import type { EventLoop } from "../loop/event-loop.js";
import { Future } from "../task/future.js";

/** @internal */
export class OutsideFuture<T> extends Future<T> {
  private holding: boolean;

  constructor(
    loop: EventLoop,
    private onCancel: (() => void) | null = null,
    /** What it waits for, as a waiting task describes it ("stream read", "process exit"…). */
    private readonly label = "outside I/O",
  ) {
    super(loop);
    this.holding = true;
    loop._holdOutside();
  }

  /** @internal how a waiting task describes its wait (introspection). */
  _waitLabel(): string {
    return this.label;
  }

  /** Settles with `value` unless already done; returns whether it did. */
  resolve(value: T): boolean {
    if (this.done()) return false;
    this.release();
    if (this._loop.isClosed()) return false;
    this.setResult(value);
    return true;
  }

  /** Settles with `error` unless already done; returns whether it did. */
  reject(error: unknown): boolean {
    if (this.done()) return false;
    this.release();
    if (this._loop.isClosed()) return false;
    this.setException(error);
    return true;
  }

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this.release();
    const undo = this.onCancel;
    this.onCancel = null;
    undo?.();
    return true;
  }

  private release(): void {
    if (this.holding) {
      this.holding = false;
      this._loop._releaseOutside();
    }
  }
}
