/**
 * Queue: a FIFO queue for tasks (asyncio's `Queue`), over two waiter lists — getters
 * parked while it is empty, putters parked while it is full.
 *
 * A put wakes the oldest getter and a get wakes the oldest putter; the woken task takes
 * the item (or the free slot) only when it resumes, and parks again at the tail if
 * another task took it first (asyncio does the same). So a cancelled `get()` never loses
 * an item, a cancelled `put()` never inserts one, and a waiter woken and then cancelled
 * hands its wakeup to the next in line.
 *
 * Subclasses change only the storage order ({@link LifoQueue}, {@link PriorityQueue}).
 * @module
 */
import { QueueEmpty, QueueFull, QueueShutDown, RuntimeError } from "../errors.js";
import { Fifo } from "../internal/fifo.js";
import { RangeErrorFor } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { createTask } from "../task/task.js";
import { Event } from "../sync/event.js";
import { trackOps } from "../internal/debug-flag.js";
import { markUsed, trackOp } from "../task/forgotten.js";
import { DONE_VOID, loopFor, handOut, Op, Ready, WaiterList } from "../sync/waiters.js";

/**
 * A first-in, first-out queue. `maxsize <= 0` (the default) means unbounded.
 *
 * @throws RangeError for a NaN `maxsize`.
 * @example
 * const q = new Queue<number>(10);
 * createTask(function* () { for (let i = 0; i < 100; i++) yield* q.put(i); });
 * const first = yield* q.get(); // 0
 */
export class Queue<T> {
  /** @internal */ _loop: EventLoop | null = null;
  private readonly max: number;
  private readonly items = new Fifo<T>();
  /** @internal */ readonly _getters = new WaiterList();
  /** @internal */ readonly _putters = new WaiterList();
  // Invariant: unfinished >= qsize() unless shutdown(true) dropped items; finished.isSet() ⇔ unfinished === 0.
  private unfinished = 0;
  private readonly finished = new Event();
  /** @internal */ _isShutdown = false;
  private readonly getOp = new Op<T>(() => this.tryGet());
  private putOp = new PutOp<T>(this);

  constructor(maxsize = 0) {
    if (typeof maxsize !== "number") throw new TypeError(`Queue(maxsize): expected a number, got ${typeof maxsize}`);
    if (Number.isNaN(maxsize)) throw RangeErrorFor("Queue(maxsize)", "a number (<= 0 means unbounded)", maxsize);
    this.max = maxsize;
    this.finished.set();
  }

  /**
   * The bound given to the constructor (`<= 0`: unbounded).
   * @example new Queue(10).maxsize; // 10
   */
  get maxsize(): number {
    return this.max;
  }

  /**
   * The number of items in the queue.
   * @example console.log(q.qsize());
   */
  qsize(): number {
    return this._size();
  }

  /**
   * True when the queue holds no item.
   * @example if (q.empty()) console.log("idle");
   */
  empty(): boolean {
    return this._size() === 0;
  }

  /**
   * True when the queue holds `maxsize` items (never for an unbounded queue).
   * @example if (q.full()) console.log("backpressure");
   */
  full(): boolean {
    return this.max > 0 && this._size() >= this.max;
  }

  /**
   * Puts `item` in the queue, waiting while it is full. If cancelled while waiting, the
   * item is not put. Each returned awaitable can be waited on once.
   * @throws QueueShutDown once `shutdown()` was called.
   * @example yield* q.put(item);
   */
  put(item: T): Awaitable<void> {
    let op = this.putOp;
    // An earlier put() nobody has waited on yet keeps its own op (rare, so it allocates).
    // Debug mode: a fresh op each time, so a forgotten one can be collected and reported.
    if (op._armed || trackOps) op = trackOps ? trackOp(new PutOp<T>(this), "Queue.put()") : new PutOp<T>(this);
    op._arm(item);
    return op;
  }

  /**
   * Puts `item` without waiting.
   * @throws QueueFull if the queue is full; QueueShutDown after `shutdown()`.
   * @example q.putNowait(item);
   */
  putNowait(item: T): void {
    if (this._isShutdown) throw new QueueShutDown("put to a queue that was shut down");
    if (this.full()) throw new QueueFull(`queue is full (maxsize ${this.max})`);
    this._put(item);
    this.unfinished++;
    this.finished.clear();
    if (this._getters.length > 0) this._getters.shiftWake();
  }

  /**
   * Removes and returns an item, waiting while the queue is empty. If cancelled while
   * waiting, no item is taken.
   * @throws QueueShutDown if the queue was shut down and is empty.
   * @example const item = yield* q.get();
   */
  get(): Awaitable<T> {
    return handOut(this.getOp);
  }

  /**
   * Removes and returns an item without waiting.
   * @throws QueueEmpty if there is none; QueueShutDown if shut down and empty.
   * @example try { q.getNowait(); } catch (e) { if (e instanceof QueueEmpty) idle(); }
   */
  getNowait(): T {
    if (this._size() === 0) {
      if (this._isShutdown) throw new QueueShutDown("get from a queue that was shut down and is empty");
      throw new QueueEmpty("queue is empty");
    }
    const item = this._get();
    if (this._putters.length > 0) this._putters.shiftWake();
    return item;
  }

  /**
   * Marks one item got earlier as processed; `join()` returns when every item put has
   * been marked.
   * @throws RangeError if called more times than items were put.
   * @example const job = yield* q.get(); try { yield* run(job); } finally { q.taskDone(); }
   */
  taskDone(): void {
    if (this.unfinished <= 0) throw new RangeError("taskDone() called too many times");
    this.unfinished--;
    if (this.unfinished === 0) this.finished.set();
  }

  /**
   * Waits until every item put has been marked done with `taskDone()`.
   * @example yield* q.join();
   */
  join(): Awaitable<void> {
    return handOut(new Op<void>(() => (this.unfinished > 0 ? joinCoro(this.finished) : DONE_VOID)));
  }

  /**
   * Shuts the queue down: `put()` raises QueueShutDown from now on, and `get()` raises it
   * once the queue is empty; every blocked `put()` and `get()` is woken to see that. With
   * `immediate`, the remaining items are dropped at once and counted as done for `join()`.
   * @example q.shutdown(); // let consumers drain what is left, then stop
   */
  shutdown(immediate = false): void {
    this._isShutdown = true;
    if (immediate) {
      while (this._size() > 0) {
        this._get();
        if (this.unfinished > 0) this.unfinished--;
      }
      if (this.unfinished === 0) this.finished.set();
    }
    this._getters.shiftWakeAll();
    this._putters.shiftWakeAll();
  }

  toString(): string {
    return `${this.constructor.name}<maxsize:${this.max}, qsize:${this._size()}, getters:${this._getters.length}, putters:${this._putters.length}${this._isShutdown ? ", shutdown" : ""}>`;
  }

  /** @internal for tests: parked getters + putters. */
  _waiterCount(): number {
    return this._getters.length + this._putters.length;
  }

  // Storage: the only part subclasses override.
  /** @internal */ protected _size(): number {
    return this.items.length;
  }
  /** @internal */ protected _put(item: T): void {
    this.items.push(item);
  }
  /** @internal */ protected _get(): T {
    return this.items.shift() as T;
  }

  private tryGet(): Iterator<unknown, T, unknown> {
    if (this._size() > 0) return new Ready(this.getNowait());
    return getCoro(this);
  }

  /** @internal */
  _tryPut(item: T): Iterator<unknown, void, unknown> {
    if (!this.full()) {
      this.putNowait(item);
      return DONE_VOID;
    }
    return putCoro(this, item);
  }
}

/**
 * `put(item)`'s awaitable. One per queue is reused while nobody holds an un-awaited one,
 * so an uncontended `yield* q.put(x)` allocates nothing.
 * @internal
 */
class PutOp<T> implements Awaitable<void> {
  /** @internal */ _armed = false;
  private item: T | undefined = undefined;
  constructor(private readonly queue: Queue<T>) {}

  /** @internal */
  _arm(item: T): void {
    this._armed = true;
    this.item = item;
  }

  private take(): T {
    if (!this._armed) throw new RuntimeError("this put() was already waited on: call put(item) again to put another item");
    this._armed = false;
    const item = this.item as T;
    this.item = undefined;
    return item;
  }

  [Symbol.iterator](): Iterator<unknown, void, unknown> {
    if (trackOps) markUsed(this);
    return this.queue._tryPut(this.take());
  }

  then<R1 = void, R2 = never>(
    onfulfilled?: ((value: void) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (trackOps) markUsed(this);
    let item: T;
    try {
      item = this.take();
    } catch (e) {
      return Promise.reject(e).then(onfulfilled, onrejected);
    }
    return createTask(putTask(this.queue, item)).then(onfulfilled, onrejected);
  }
}

function* putTask<T>(q: Queue<T>, item: T): Coro<void> {
  yield* { [Symbol.iterator]: () => q._tryPut(item) };
}

function* getCoro<T>(q: Queue<T>): Coro<T> {
  while (q.empty()) {
    if (q._isShutdown) throw new QueueShutDown("get from a queue that was shut down and is empty");
    const w = q._getters.park(loopFor(q));
    try {
      yield* w;
    } catch (e) {
      // Woken by a put but leaving: the item stays, so wake the next getter for it.
      if (w.woken() && !q.empty()) q._getters.shiftWake();
      throw e;
    }
  }
  return q.getNowait();
}

function* putCoro<T>(q: Queue<T>, item: T): Coro<void> {
  while (q.full()) {
    if (q._isShutdown) throw new QueueShutDown("put to a queue that was shut down");
    const w = q._putters.park(loopFor(q));
    try {
      yield* w;
    } catch (e) {
      // Woken by a get but leaving: the free slot stays, so wake the next putter for it.
      if (w.woken() && !q.full()) q._putters.shiftWake();
      throw e;
    }
  }
  q.putNowait(item);
}

function* joinCoro(finished: Event): Coro<void> {
  yield* finished.wait();
}
