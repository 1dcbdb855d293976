import { Queue } from "./queue.js";

/**
 * A last-in, first-out queue (a stack): `get()` returns the most recently put item.
 * Everything else is {@link Queue}'s.
 *
 * @example
 * const q = new LifoQueue<number>();
 * q.putNowait(1); q.putNowait(2);
 * q.getNowait(); // 2
 */
export class LifoQueue<T> extends Queue<T> {
  private readonly stack: T[] = [];

  /** @internal */ protected override _size(): number {
    return this.stack.length;
  }
  /** @internal */ protected override _put(item: T): void {
    this.stack.push(item);
  }
  /** @internal */ protected override _get(): T {
    return this.stack.pop() as T;
  }
}
