import { getRunningLoop } from "../loop/running-loop.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { AwaitedResult } from "../task/awaitable.js";
import { Future } from "../task/future.js";
import { markAwaiter } from "../introspect/awaited-by.js";
import { ensureFuture, loopOf, type AwaitableLike } from "./ensure-future.js";

/**
 * The Future `gather` returns; cancelling it cancels every child.
 * @example const g = gather([a(), b()]); g.cancel(); // both children are cancelled
 */
export class GatheringFuture<T> extends Future<T> {
  /** @internal */ _cancelRequested = false;
  constructor(
    loop: EventLoop,
    private readonly children: readonly Future<unknown>[],
  ) {
    super(loop);
  }

  /** @internal how a waiting task describes its wait (introspection). */
  _waitLabel(): string {
    return `gather of ${this.children.length}`;
  }

  /**
   * Cancels every child that is not done; returns whether any was. The gather then ends
   * cancelled once every child has finished.
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let any = false;
    for (const child of this.children) if (child.cancel(msg)) any = true;
    if (any) this._cancelRequested = true;
    return any;
  }
}

let gatherMarks = 0;

type Results<T extends readonly unknown[]> = { -readonly [K in keyof T]: AwaitedResult<T[K]> };
type Settled<T extends readonly unknown[]> = { -readonly [K in keyof T]: AwaitedResult<T[K]> | Error };

/**
 * Runs awaitables concurrently and resolves with their results in input order (asyncio's
 * `gather`). Coroutines are wrapped in tasks; the same object passed twice runs once.
 * The first error (or cancellation) of a child rejects the gather at once and the other
 * children keep running; with `returnExceptions` errors are returned in place instead.
 *
 * @example
 * const [a, b] = yield* gather([fetchA(), fetchB()]);
 * @example
 * const results = await gather(tasks, { returnExceptions: true });
 */
export function gather<const T extends readonly AwaitableLike[]>(aws: T, options?: { returnExceptions?: false }): GatheringFuture<Results<T>>;
export function gather<const T extends readonly AwaitableLike[]>(aws: T, options: { returnExceptions: true }): GatheringFuture<Settled<T>>;
export function gather(aws: readonly AwaitableLike[], options: { returnExceptions?: boolean } = {}): GatheringFuture<unknown[]> {
  if (!Array.isArray(aws)) throw new TypeError("gather: expected an array of awaitables, e.g. gather([a(), b()])");
  const returnExceptions = options.returnExceptions ?? false;
  const loop = loopOf(aws, getRunningLoop);
  // De-duplicate: futures by a per-call mark (hashing 100k tasks into a Map was a tenth
  // of a spawn-and-gather profile), anything else (coroutines) through a Map.
  const mark = ++gatherMarks;
  let byArg: Map<unknown, Future<unknown>> | null = null;
  const children: Future<unknown>[] = new Array(aws.length);
  const unique: Future<unknown>[] = [];
  for (let i = 0; i < aws.length; i++) {
    const arg = aws[i];
    let fut: Future<unknown> | undefined;
    if (arg instanceof Future) {
      fut = ensureFuture(arg, loop);
      if (fut._gatherMark !== mark) {
        fut._gatherMark = mark;
        unique.push(fut);
      }
    } else {
      fut = (byArg ??= new Map()).get(arg);
      if (fut === undefined) {
        fut = ensureFuture(arg, loop);
        byArg.set(arg, fut);
        fut._gatherMark = mark;
        unique.push(fut);
      }
    }
    children[i] = fut;
  }
  const outer = new GatheringFuture<unknown[]>(loop, unique);
  if (children.length === 0) {
    outer.setResult([]);
    return outer;
  }
  let finished = 0;
  const onChildDone = (fut: Future<unknown>): void => {
    finished++;
    if (outer.done()) {
      // Mark the exception retrieved: the gather already reported its first failure.
      if (!fut.cancelled()) fut.exception();
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        // Our own cancel() ends the gather cancelled; a child cancelled by someone else
        // rejects it with that CancelledError, as asyncio does.
        if (outer._cancelRequested) Future.prototype.cancel.call(outer, fut._cancelMessage);
        else outer.setException(fut._makeCancelledError());
        return;
      }
      const exc = fut.exception();
      if (exc !== undefined) {
        outer.setException(exc);
        return;
      }
    }
    if (finished === unique.length) {
      if (outer._cancelRequested) {
        Future.prototype.cancel.call(outer);
        return;
      }
      outer.setResult(children.map(settledValue));
    }
  };
  markAwaiter(onChildDone, outer, "gather");
  for (const fut of unique) fut.addDoneCallback(onChildDone);
  return outer;
}

function settledValue(f: Future<unknown>): unknown {
  if (f.cancelled()) return f._makeCancelledError();
  const exc = f.exception();
  return exc !== undefined ? exc : f.result();
}
