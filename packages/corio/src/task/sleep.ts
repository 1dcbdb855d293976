import { checkDelay } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { TimerHandle } from "../loop/handles.js";
import { getRunningLoop } from "../loop/running-loop.js";
import { returned, YIELD_NOW, yielded, type Awaitable } from "./awaitable.js";
import { trackOps } from "../internal/debug-flag.js";
import { markUsed, trackOp } from "./forgotten.js";
import { Future, FutureIter } from "./future.js";
import { awaitTurn } from "./await-wakeup.js";

/** A future resolved by a timer; cancelling it disarms the timer. @internal */
class TimerFuture<T> extends Future<T> {
  handle: TimerHandle | null = null;
  /** @internal how a waiting task describes its wait (introspection). */
  _waitLabel(): string {
    return this.handle === null ? "sleep forever" : `sleep until ${Math.round(this.handle.when() * 10) / 10} ms`;
  }
  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this.handle?.cancel();
    return true;
  }
}

function wake<T>(f: Future<T>, value: T): void {
  if (!f.done()) f.setResult(value);
}

function timerFuture<T>(loop: EventLoop, ms: number, value: T): TimerFuture<T> {
  const f = new TimerFuture<T>(loop);
  if (ms !== Infinity) f.handle = loop.callLater(ms, wake<T>, f, value);
  return f;
}

/** `sleep(0)`'s iterator: yield the loop turn once, then return the value. */
class YieldOnce<T> implements Iterator<unknown, T, unknown> {
  private yielded = false;
  constructor(private readonly value: T) {}
  next(): IteratorResult<unknown, T> {
    if (this.yielded) return returned(this.value);
    this.yielded = true;
    return yielded(YIELD_NOW);
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    throw e;
  }
  return(value?: T): IteratorResult<unknown, T> {
    return { done: true, value: value as T };
  }
}

class Sleep<T> implements Awaitable<T> {
  constructor(
    private readonly ms: number,
    private readonly value: T,
  ) {}

  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    if (trackOps) markUsed(this);
    if (this.ms === 0) return new YieldOnce(this.value);
    return new FutureIter(timerFuture(getRunningLoop(), this.ms, this.value));
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    if (trackOps) markUsed(this);
    const loop = getRunningLoop();
    // `await sleep(0)`: one ready-queue entry, no future (task/await-wakeup.ts).
    if (this.ms === 0) return awaitTurn(loop, this.value, onfulfilled, onrejected);
    return timerFuture(loop, this.ms, this.value).then(onfulfilled, onrejected);
  }
}

const SLEEP_ZERO = new Sleep<undefined>(0, undefined);

/**
 * Waits `ms` milliseconds, then returns `value`. `sleep(0)` gives the other tasks one loop
 * turn and sets no timer (Python's bare `yield`). `sleep(Infinity)` waits until cancelled.
 *
 * A negative `ms` is `sleep(0)` (asyncio, and Node's `setTimeout`).
 * @throws RangeError for a NaN `ms`.
 * @example
 * const v = yield* sleep(1000, "done"); // in a coroutine
 * await sleep(1000);                     // in an async function
 */
export function sleep(ms: number): Awaitable<undefined>;
export function sleep<T>(ms: number, value: T): Awaitable<T>;
export function sleep<T>(ms: number, value?: T): Awaitable<T | undefined> {
  checkDelay("sleep(ms)", ms);
  if (ms < 0) ms = 0;
  if (trackOps) return trackOp(new Sleep(ms, value), `sleep(${ms})`);
  // `sleep(0)` is the hottest call in busy programs; it holds no state, so one object serves.
  if (ms === 0 && value === undefined) return SLEEP_ZERO;
  return new Sleep(ms, value);
}
