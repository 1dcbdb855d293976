/**
 * Effection 4 ships no Lock, Semaphore or bounded queue. These are the smallest versions a
 * user would write from its public primitives (`withResolvers`, `action`), so Effection
 * can take part in the sync workloads. Halting a waiter is not handled: the benchmarks
 * never cancel while waiting.
 */
import { action, withResolvers, type Operation } from "effection";

/** Effection's `sleep(0)` is a 1 ms `setTimeout`; this is the same loop turn the floor yields. */
export function yieldTurn(): Operation<void> {
  return action<void>((resolve) => {
    const h = setImmediate(resolve);
    return () => clearImmediate(h);
  }, "yieldTurn");
}

export class EffectionSemaphore {
  private waiters: Array<() => void> = [];
  private head = 0;

  constructor(private permits: number) {}

  *acquire(): Operation<void> {
    if (this.permits > 0) {
      this.permits--;
      return;
    }
    const w = withResolvers<void>();
    this.waiters.push(() => w.resolve());
    yield* w.operation;
  }

  release(): void {
    if (this.head < this.waiters.length) {
      const next = this.waiters[this.head]!;
      this.waiters[this.head++] = undefined as never;
      if (this.head > 1024 && this.head * 2 > this.waiters.length) {
        this.waiters = this.waiters.slice(this.head);
        this.head = 0;
      }
      next();
    } else {
      this.permits++;
    }
  }

  *with<T>(body: () => Operation<T>): Operation<T> {
    yield* this.acquire();
    try {
      return yield* body();
    } finally {
      this.release();
    }
  }
}

/** One producer, one consumer bounded channel. */
export class EffectionChannel<T> {
  private readonly buf: (T | undefined)[];
  private head = 0;
  private size = 0;
  private getter: ((v: T) => void) | null = null;
  private putter: (() => void) | null = null;

  constructor(private readonly capacity: number) {
    this.buf = new Array(capacity);
  }

  *put(v: T): Operation<void> {
    if (this.getter) {
      const g = this.getter;
      this.getter = null;
      g(v);
      return;
    }
    if (this.size < this.capacity) {
      this.buf[(this.head + this.size++) % this.capacity] = v;
      return;
    }
    // Full: the consumer stores our value itself when it frees a slot, then wakes us.
    const w = withResolvers<void>();
    this.putter = () => {
      this.buf[(this.head + this.size++) % this.capacity] = v;
      w.resolve();
    };
    yield* w.operation;
  }

  *get(): Operation<T> {
    if (this.size > 0) {
      const v = this.buf[this.head] as T;
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
      if (this.putter) {
        const p = this.putter;
        this.putter = null;
        p();
      }
      return v;
    }
    const w = withResolvers<T>();
    this.getter = (v) => w.resolve(v);
    return yield* w.operation;
  }
}
