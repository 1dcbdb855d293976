/**
 * What an async-function task is awaiting: the corio futures whose `then()` ran in its
 * code (task/async-context.ts). Cancelling the task cancels those still pending, the way
 * cancelling a generator task cancels the one future it is parked on; the `await` then
 * rejects with CancelledError.
 *
 * A list, not one slot: an async function can await several at once
 * (`Promise.all([q.get(), sleep(10)])`, or async helpers it started without awaiting).
 * Nothing tells us when an `await` has consumed its future, so finished futures are
 * dropped lazily: when the list has doubled since the last sweep, and before a cancel.
 * @module
 */
/**
 * What an await can be tied to: a Future, or the lighter records `await` parks on
 * (task/await-wakeup.ts: a parked waiter, a `sleep(0)` turn).
 * @internal
 */
export interface Cancellable {
  done(): boolean;
  cancel(msg?: string): boolean;
}

const FIRST_SWEEP = 8;

/** @internal */
export class AsyncAwaits {
  private futures: Cancellable[] = [];
  private sweepAt = FIRST_SWEEP;

  /** `f.then()` ran inside the task's code. */
  add(f: Cancellable): void {
    if (this.futures.length >= this.sweepAt) {
      this.sweep();
      this.sweepAt = Math.max(FIRST_SWEEP, this.futures.length * 2);
    }
    this.futures.push(f);
  }

  /**
   * Cancels every awaited future still pending; returns whether any took the cancel.
   * Cancelled ones that are still pending (a task that swallowed it) stay listed, so a
   * later cancel reaches them again.
   */
  cancel(msg: string | undefined): boolean {
    this.sweep();
    let delivered = false;
    for (const f of this.futures) if (f.cancel(msg)) delivered = true;
    return delivered;
  }

  /** Awaited futures not done yet (for tests and introspection). */
  pending(): number {
    this.sweep();
    return this.futures.length;
  }

  private sweep(): void {
    this.futures = this.futures.filter((f) => !f.done());
  }
}
