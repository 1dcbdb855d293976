import type { TimerHandle } from "./handles.js";

/**
 * Binary min-heap of timers ordered by (when, seq). Cancelled timers are not searched for
 * and removed (O(n)); they stay until they reach the top and are dropped there, and the
 * loop rebuilds the heap when more than half of it is dead (asyncio does the same), so a
 * program that arms and cancels many timeouts keeps the heap small.
 */
export class TimerHeap {
  private heap: TimerHandle[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(t: TimerHandle): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(t, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = t;
  }

  peek(): TimerHandle | undefined {
    return this.heap[0];
  }

  pop(): TimerHandle | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Drops every cancelled timer and restores the heap order in O(n). */
  prune(): void {
    const live = this.heap.filter((t) => !t._cancelled);
    for (const t of this.heap) if (t._cancelled) t._scheduled = false;
    this.heap = live;
    for (let i = (live.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const item = h[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(h[child + 1]!, h[child]!)) child++;
      if (!before(h[child]!, item)) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = item;
  }
}

function before(a: TimerHandle, b: TimerHandle): boolean {
  return a._when < b._when || (a._when === b._when && a._seq < b._seq);
}
