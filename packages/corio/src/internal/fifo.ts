/**
 * A growable ring buffer: O(1) push at the tail and shift at the head with no per-item
 * allocation. `Array.prototype.shift` is O(n) once arrays get large, and a linked list
 * allocates a node per item; the ready queue and every waiter list sit on this instead.
 */
export class Fifo<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  // Invariant: items.length is a power of two, so `& mask` replaces `%`.
  private mask: number;

  constructor(capacity = 16) {
    let size = 16;
    while (size < capacity) size *= 2;
    this.items = new Array(size);
    this.mask = size - 1;
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  /** Removes and returns the oldest item; `undefined` when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** The item `i` places behind the head (0 is the oldest); `undefined` past the end. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.count ? this.items[(this.head + i) & this.mask] : undefined;
  }

  /**
   * Removes the first item equal to `item`; O(n) to find it, then moves whichever side of
   * it is shorter, so removing near the head (a woken waiter resuming) stays cheap.
   */
  remove(item: T): boolean {
    for (let i = 0; i < this.count; i++) {
      const at = (this.head + i) & this.mask;
      if (this.items[at] === item) {
        if (i < this.count - 1 - i) {
          for (let j = i; j > 0; j--) {
            this.items[(this.head + j) & this.mask] = this.items[(this.head + j - 1) & this.mask];
          }
          this.items[this.head] = undefined;
          this.head = (this.head + 1) & this.mask;
        } else {
          for (let j = i; j < this.count - 1; j++) {
            this.items[(this.head + j) & this.mask] = this.items[(this.head + j + 1) & this.mask];
          }
          this.items[(this.head + this.count - 1) & this.mask] = undefined;
        }
        this.count--;
        return true;
      }
    }
    return false;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.head + i) & this.mask] as T;
  }

  private grow(): void {
    const old = this.items;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = next.length - 1;
  }
}
