/**
 * The floor's bounded queue: a ring buffer plus at most one pending resolver on each side
 * (one producer, one consumer), as a hand-written async/await program would have it.
 */
export class FloorChannel<T> {
  private readonly buf: (T | undefined)[];
  private head = 0;
  private size = 0;
  private getter: ((v: T) => void) | null = null;
  private putter: (() => void) | null = null;

  constructor(private readonly capacity: number) {
    this.buf = new Array(capacity);
  }

  put(v: T): Promise<void> | void {
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
    return new Promise<void>((resolve) => {
      this.putter = () => {
        this.buf[(this.head + this.size++) % this.capacity] = v;
        resolve();
      };
    });
  }

  get(): Promise<T> | T {
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
    return new Promise<T>((resolve) => (this.getter = resolve));
  }
}
