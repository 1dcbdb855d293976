import { cancelledError } from "../errors.js";
import { describe } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import { getRunningLoop } from "../loop/running-loop.js";
import { isPromiseLike, type Awaitable } from "./awaitable.js";
import { trackOps } from "../internal/debug-flag.js";
import { markUsed, trackOp } from "./forgotten.js";
import { Future, FutureIter } from "./future.js";

/**
 * The future behind `call()`: settled by the promise; cancelling it aborts the signal
 * and stops waiting at once (the promise may still settle later; that is ignored).
 */
class CallFuture<T> extends Future<T> {
  controller: AbortController | null = null;
  private holding = false;

  hold(): void {
    this.holding = true;
    this._loop._holdOutside();
  }

  release(): void {
    if (this.holding) {
      this.holding = false;
      this._loop._releaseOutside();
    }
  }

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this.controller?.abort(cancelledError(msg ?? ""));
    this.release();
    return true;
  }
}

type Source<T> = PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>);

function start<T>(loop: EventLoop, source: Source<T>): CallFuture<T> {
  const f = new CallFuture<T>(loop);
  let p: PromiseLike<T>;
  if (typeof source === "function") {
    f.controller = new AbortController();
    try {
      p = source(f.controller.signal);
    } catch (e) {
      f.setException(e);
      return f;
    }
    if (!isPromiseLike(p)) {
      f.setResult(p as T);
      return f;
    }
  } else p = source;
  f.hold();
  p.then(
    (v) => {
      f.release();
      if (!f.done() && !loop.isClosed()) f.setResult(v);
    },
    (e) => {
      f.release();
      if (!f.done() && !loop.isClosed()) f.setException(e);
    },
  );
  return f;
}

class Call<T> implements Awaitable<T> {
  constructor(private readonly source: Source<T>) {}

  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    if (trackOps) markUsed(this);
    return new FutureIter(start(getRunningLoop(), this.source));
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (trackOps) markUsed(this);
    const s = this.source;
    const p = typeof s === "function" ? Promise.resolve().then(() => s(new AbortController().signal)) : Promise.resolve(s);
    return p.then(onfulfilled, onrejected);
  }
}

/**
 * Brings a promise into a coroutine (asyncio's `wrap_future`). Pass a function to get an
 * `AbortSignal` that is aborted if the waiting task is cancelled; the task then gets
 * `CancelledError` at once, without waiting for the promise.
 *
 * @example
 * const res = yield* call((signal) => fetch(url, { signal }));
 * const text = yield* call(res.text());
 */
export function call<T>(source: PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>)): Awaitable<T> {
  if (typeof source !== "function" && !isPromiseLike(source)) {
    throw new TypeError(`call: expected a promise or a function (signal) => promise, got ${describe(source)}`);
  }
  return trackOps ? trackOp(new Call(source)) : new Call(source);
}
