/**
 * The floor's semaphore: the smallest honest FIFO counting semaphore in plain async/await.
 * Waiters are promise resolvers in an array with a moving head (no O(n) shift); a release
 * hands its permit straight to the first waiter, so FIFO order holds.
 */
export class FloorSemaphore {
  private waiters: Array<() => void> = [];
  private head = 0;

  constructor(private permits: number) {}

  acquire(): Promise<void> {
    if (this.permits > 0) {
      this.permits--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
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
}
