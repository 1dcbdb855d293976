/**
 * The loop's set of pending tasks, as an intrusive doubly linked list: each task carries
 * its own links, so adding and removing one is a few field writes. A `Set` did the same
 * job but hashed every task twice (add, delete), which showed up in profiles of programs
 * that spawn many short tasks.
 * @internal
 */
export interface Linked {
  _prevPending: Linked | null;
  _nextPending: Linked | null;
}

// A task belongs to one list at most (its loop's), so "listed" is "has a predecessor, or
// is the head": no flag field (every byte of a Task counts when 100 000 of them wait).
export class TaskList<T extends Linked> implements Iterable<T> {
  private head: T | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(t: T): void {
    if (this.has(t)) return;
    t._prevPending = null;
    t._nextPending = this.head;
    if (this.head !== null) this.head._prevPending = t;
    this.head = t;
    this.count++;
  }

  delete(t: T): boolean {
    if (!this.has(t)) return false;
    const prev = t._prevPending as T | null;
    const next = t._nextPending as T | null;
    if (prev !== null) prev._nextPending = next;
    else this.head = next;
    if (next !== null) next._prevPending = prev;
    t._prevPending = t._nextPending = null;
    this.count--;
    return true;
  }

  has(t: T): boolean {
    return t._prevPending !== null || this.head === t;
  }

  /** Oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    const out: T[] = [];
    for (let t = this.head; t !== null; t = t._nextPending as T | null) out.push(t);
    for (let i = out.length - 1; i >= 0; i--) yield out[i]!;
  }
}
