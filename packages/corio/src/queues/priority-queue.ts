import { Heap } from "../internal/heap.js";
import { describe } from "../internal/validate.js";
import { Queue } from "./queue.js";

/**
 * The default order of a {@link PriorityQueue}: Python's `<` for the values a heap usually
 * holds — numbers, bigints, strings, booleans — and arrays compared element by element,
 * so `[priority, item]` tuples work as in asyncio.
 * @throws TypeError for values it cannot order (pass a `compare` function instead).
 * @example naturalOrder([1, "b"], [1, "a"]); // 1
 */
export function naturalOrder(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = naturalOrder(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const ta = typeof a;
  if (ta !== typeof b || (ta !== "number" && ta !== "string" && ta !== "bigint" && ta !== "boolean")) {
    throw new TypeError(`PriorityQueue: cannot order ${describe(a)} and ${describe(b)}: pass a compare function`);
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/**
 * A queue that returns its smallest item first (a binary heap). `compare(a, b)` is
 * negative when `a` comes first; by default {@link naturalOrder}. Items that compare
 * equal come out in no guaranteed order.
 *
 * @example
 * const q = new PriorityQueue<[number, string]>();
 * q.putNowait([2, "low"]); q.putNowait([1, "high"]);
 * q.getNowait(); // [1, "high"]
 * @example
 * const jobs = new PriorityQueue<Job>(100, (a, b) => a.deadline - b.deadline);
 */
export class PriorityQueue<T> extends Queue<T> {
  private readonly heap: Heap<T>;

  constructor(maxsize = 0, compare: (a: T, b: T) => number = naturalOrder) {
    super(maxsize);
    if (typeof compare !== "function") throw new TypeError("PriorityQueue(maxsize, compare): compare must be a function");
    this.heap = new Heap<T>(compare);
  }

  /** @internal */ protected override _size(): number {
    return this.heap.length;
  }
  /** @internal */ protected override _put(item: T): void {
    this.heap.push(item);
  }
  /** @internal */ protected override _get(): T {
    return this.heap.pop() as T;
  }
}
