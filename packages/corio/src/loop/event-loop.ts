/**
 * The event loop: a FIFO ready queue and a timer heap, driven by Node's own loop.
 *
 * One turn moves the due timers to the ready queue, then runs exactly the entries that
 * were ready when the turn began; anything they schedule waits for the next turn. Between
 * turns the loop gives Node a full spin (`setImmediate`), so sockets, files and Node
 * timers run even while a task spins on `sleep(0)`. Entries are Runnables — a Handle, a
 * task's next step, or a done future's callbacks — so stepping a task costs one queue
 * slot and no promise.
 *
 * The loop drives itself whenever it has work; `runForever()` and `runUntilComplete()`
 * only wait on it. That is what lets a task be created from plain async code without any
 * `run()` (see running-loop.ts).
 */
import { NotSupportedError, RuntimeError } from "../errors.js";
import { host, type LoopExecutor, type SignalName } from "../host/host.js";
import { enableOpTracking } from "../internal/debug-flag.js";
import { Fifo } from "../internal/fifo.js";
import { TaskList } from "../internal/task-list.js";
import { checkDelay, RangeErrorFor } from "../internal/validate.js";
import { leaveAsyncTasks } from "../task/async-context.js";
import type { Coro } from "../task/awaitable.js";
import { Future } from "../task/future.js";
import { Task, type TaskSource, type TaskOptions } from "../task/task.js";
import type { Unretrieved } from "../task/unretrieved.js";
import { registerLoop } from "../introspect/registry.js";
import { enableYieldSites } from "../introspect/yield-sites.js";
import { RealClock, type Clock } from "./clock.js";
import { queueMacrotask, type CancelMacrotask } from "./macrotask.js";
import { formatExceptionContext, type ExceptionContext, type ExceptionHandler } from "./exception-handler.js";
import { Handle, TimerHandle, type Runnable } from "./handles.js";
import { _enterIteration } from "./running-loop.js";
import { runTimed } from "./slow-steps.js";
import { TimerHeap } from "./timer-heap.js";
import { checkUnhandledErrors, unhandledErrorsFromEnv, type UnhandledErrors } from "./unhandled.js";
import type { VirtualClock } from "./virtual-clock.js";

/** The settled promise whose reactions run the turns queued as microtasks. */
const RESOLVED = Promise.resolve();

/** A busy loop gives Node a spin at least every this many turns… */
const TURNS_PER_NODE_SPIN = 64;
/** …or this many milliseconds, whichever comes first. */
const MS_PER_NODE_SPIN = 2;

/** Options of {@link EventLoop}. */
export interface EventLoopOptions {
  /** Where time comes from. Default: a new {@link RealClock}. */
  clock?: Clock;
  /**
   * Debug mode: report task steps that block the loop longer than `slowStepMs`, and
   * awaitables never yielded (a forgotten `yield*`). Default: `CORIO_DEBUG=1` in the environment.
   */
  debug?: boolean;
  /** In debug mode, the step duration (ms) reported as blocking the loop. Default 100. */
  slowStepMs?: number;
  /**
   * What an exception nobody retrieved does once reported (when its task is collected,
   * when the loop closes, or at exit for the default loop): `"report"` only, or `"fatal"`
   * — report, then end the process with exit code 1, like Node's unhandled rejections.
   * Default: `"fatal"` when `CORIO_UNHANDLED=fatal` (or `strict`), else `"report"`.
   */
  unhandledErrors?: UnhandledErrors;
}

/**
 * asyncio's event loop, in milliseconds.
 *
 * @example
 * const loop = new EventLoop();
 * loop.callLater(1000, () => loop.stop());
 * await loop.runForever();
 */
export class EventLoop {
  /** The clock this loop reads (`loop.time()`). */
  readonly clock: Clock;
  /**
   * In debug mode, a task step or callback longer than this (ms, wall clock) is reported
   * as blocking the loop. Default 100, like asyncio's `slow_callback_duration`.
   */
  slowCallbackDuration = 100;

  private readonly ready = new Fifo<Runnable>(1024);
  private readonly timers = new TimerHeap();
  private cancelledTimers = 0;
  private timerSeq = 0;
  private immediate: CancelMacrotask | null = null;
  /** A turn is queued: behind Node's I/O (setImmediate) or as a microtask. */
  private turnQueued = false;
  /** Turns run since control last came back from Node, and when that was. */
  private turnsSinceNode = 0;
  private cameFromNodeAt = 0;
  private nodeTimer: ReturnType<typeof setTimeout> | null = null;
  private iterating = false;
  private closed = false;
  private debug: boolean;
  /** Outside operations (a `call`ed promise, a socket read) that an autojump clock must not skip over. */
  private outside = 0;
  private exceptionHandler: ExceptionHandler | null = null;
  private stopWaiters: (() => void)[] = [];
  private signalListeners = new Map<SignalName, () => void>();
  private unsubscribeClock: (() => void) | null = null;
  private defaultExecutor: LoopExecutor | null = null;
  /**
   * @internal whether work scheduled outside a turn may run its turn as a microtask
   * (`scheduleTurnFromOutside`); off, it always waits for Node's check phase.
   */
  microtaskTurnsFromOutside = true;
  /** The autojump grace period for pending outside work ran out. */
  private graceOver = false;
  /** @internal every task of this loop that is not done (`allTasks`). */
  readonly _tasks = new TaskList<Task<unknown>>();
  /** @internal exceptions waiting to be reported if nobody retrieves them. */
  readonly _unretrieved = new Set<Unretrieved>();
  /** @internal see {@link EventLoopOptions.unhandledErrors}. */
  readonly _unhandledErrors: UnhandledErrors;

  constructor(options: EventLoopOptions = {}) {
    this.clock = options.clock ?? new RealClock();
    this.debug = options.debug ?? host().env("CORIO_DEBUG") === "1";
    if (this.debug) enableOpTracking();
    if (options.slowStepMs !== undefined) this.slowCallbackDuration = options.slowStepMs;
    this._unhandledErrors = options.unhandledErrors === undefined ? unhandledErrorsFromEnv() : checkUnhandledErrors(options.unhandledErrors);
    registerLoop(this);
    if (this.clock.virtual) {
      const vc = this.clock as VirtualClock;
      this.unsubscribeClock = vc._subscribe(() => this._wake());
    }
  }

  /** The loop's current time in milliseconds (its clock's `now()`). */
  time(): number {
    return this.clock.now();
  }

  /**
   * Runs `callback(...args)` on the next loop turn, after what is already queued.
   * @example loop.callSoon(console.log, "next turn");
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this.checkOpen();
    const h = new Handle(callback, args, this);
    this._schedule(h);
    return h;
  }

  /**
   * Runs `callback(...args)` after `delay` ms.
   * A negative delay fires on the next loop turn, like 0 (asyncio; Node's `setTimeout`).
   * @throws RangeError for a NaN delay.
   * @example const h = loop.callLater(2000, console.log, "two seconds"); h.cancel();
   */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkDelay("callLater(delay)", delay);
    return this.callAt(this.time() + delay, callback, ...args);
  }

  /**
   * Runs `callback(...args)` at `when` on the loop clock (`loop.time()` units).
   * Timers with the same `when` run in the order they were scheduled.
   * @example loop.callAt(loop.time() + 3000, console.log, "at +3s");
   */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    if (typeof when !== "number" || Number.isNaN(when)) throw RangeErrorFor("callAt(when)", "a time on the loop clock", when);
    this.checkOpen();
    const h = new TimerHandle(when, callback, args, this);
    h._seq = this.timerSeq++;
    h._scheduled = true;
    this.timers.push(h);
    if (!this.iterating && !this.turnQueued) this.arm();
    return h;
  }

  /** A new pending {@link Future} bound to this loop. */
  createFuture<T>(): Future<T> {
    return new Future<T>(this);
  }

  /**
   * Wraps a coroutine (or a function returning one, or an async function taking an
   * `AbortSignal`) in a {@link Task} that starts on a later loop turn.
   * @example const t = loop.createTask(work(), { name: "work" });
   */
  createTask<T>(source: TaskSource<T>, options: TaskOptions = {}): Task<T> {
    this.checkOpen();
    return new Task<T>(source, this, options.name);
  }

  /**
   * Runs `exportName(...args)` of the module at `moduleUrl` on `executor`'s worker threads
   * (`null`: this loop's default pool, created on first use and ended when the loop
   * closes). Returns a Future of the result; cancelling it frees the caller at once.
   * @example const total = yield* loop.runInExecutor<number>(null, new URL("./work.mjs", import.meta.url), "sumSquares", 1e7);
   */
  runInExecutor<T = unknown>(executor: LoopExecutor | null, moduleUrl: string | URL, exportName: string, ...args: unknown[]): Future<T> {
    this.checkOpen();
    const ex = executor ?? (this.defaultExecutor ??= this.createDefaultExecutor());
    return ex._submitOn<T>(this, moduleUrl, exportName, args);
  }

  /**
   * Replaces the pool that `runInExecutor(null, …)` and `toThread` use.
   * @example loop.setDefaultExecutor(new ThreadPoolExecutor({ maxThreads: 2 }));
   */
  setDefaultExecutor(executor: LoopExecutor): void {
    this.defaultExecutor = executor;
  }

  private createDefaultExecutor(): LoopExecutor {
    const ex = host().createDefaultExecutor();
    if (ex === undefined) {
      throw new NotSupportedError(
        "runInExecutor/toThread need worker threads, which this runtime does not give corio: in a browser, run the work in a Web Worker and wait for its answer with call(() => promise)",
      );
    }
    return ex;
  }

  /** Makes `runForever()` (and a pending `runUntilComplete`) return after this turn. */
  stop(): void {
    const waiters = this.stopWaiters;
    this.stopWaiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when `stop()` is called. The loop runs its work meanwhile (it always does). */
  runForever(): Promise<void> {
    this.checkOpen();
    return new Promise<void>((resolve) => this.stopWaiters.push(resolve));
  }

  /**
   * Runs `source` as a task (or waits for a future) and resolves with its result;
   * rejects with `RuntimeError` if `stop()` is called first.
   */
  runUntilComplete<T>(source: TaskSource<T> | Future<T>): Promise<T> {
    const fut = source instanceof Future ? source : this.createTask(source);
    return new Promise<T>((resolve, reject) => {
      const onStop = () => reject(new RuntimeError("Event loop stopped before Future completed."));
      this.stopWaiters.push(onStop);
      fut.addDoneCallback((f) => {
        this.stopWaiters = this.stopWaiters.filter((w) => w !== onStop);
        try {
          resolve(f.result());
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  /**
   * Closes the loop: reports the exceptions nobody retrieved, drops pending callbacks and
   * timers, and refuses new ones. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    for (const record of [...this._unretrieved]) record.report();
    this.closed = true;
    this.ready.clear();
    if (this.immediate !== null) this.immediate();
    if (this.nodeTimer !== null) clearTimeout(this.nodeTimer);
    this.immediate = this.nodeTimer = null;
    this.turnQueued = false;
    for (const [sig, fn] of this.signalListeners) host().offSignal(sig, fn);
    this.signalListeners.clear();
    this.unsubscribeClock?.();
    this.defaultExecutor?._terminateNow();
  }

  /** Whether `close()` was called. */
  isClosed(): boolean {
    return this.closed;
  }

  /** Turns debug mode on or off: slow-step reports, forgotten `yield*` reports (for awaitables created from then on). */
  setDebug(enabled: boolean): void {
    this.debug = enabled;
    if (enabled) enableOpTracking();
    if (enabled) enableYieldSites();
  }

  getDebug(): boolean {
    return this.debug;
  }

  /** Replaces the handler of unreceivable exceptions; `null` restores the default. */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError("setExceptionHandler: expected a function (loop, context) => void or null");
    }
    this.exceptionHandler = handler;
  }

  getExceptionHandler(): ExceptionHandler | null {
    return this.exceptionHandler;
  }

  /** What happens when no handler is set: the context is printed to stderr. */
  defaultExceptionHandler(context: ExceptionContext): void {
    host().writeError(formatExceptionContext(context) + "\n");
  }

  /** Hands `context` to the handler (the default one if none is set, or if it throws). */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this.exceptionHandler;
    if (handler === null) {
      this.defaultExceptionHandler(context);
      return;
    }
    try {
      handler(this, context);
    } catch (exception) {
      this.defaultExceptionHandler({ message: "Unhandled error in exception handler", exception, context });
    }
  }

  /**
   * Runs `callback(...args)` on the loop whenever the process receives `signal`.
   * Replaces an earlier handler for the same signal.
   */
  addSignalHandler<A extends unknown[]>(signal: SignalName, callback: (...args: A) => unknown, ...args: A): void {
    this.checkOpen();
    this.removeSignalHandler(signal);
    const listener = () => {
      if (!this.closed) this.callSoon(callback, ...args);
    };
    if (!host().onSignal(signal, listener)) {
      throw new NotSupportedError(`addSignalHandler(${JSON.stringify(signal)}): this runtime has no process signals; listen to the event your platform gives instead (e.g. "pagehide" in a browser) and call loop.callSoon from it`);
    }
    this.signalListeners.set(signal, listener);
  }

  /** Removes the handler for `signal`; returns whether there was one. */
  removeSignalHandler(signal: SignalName): boolean {
    const listener = this.signalListeners.get(signal);
    if (listener === undefined) return false;
    host().offSignal(signal, listener);
    this.signalListeners.delete(signal);
    return true;
  }

  /** @internal whether the program handles `signal` itself (`run()` then leaves SIGINT alone). */
  _hasSignalHandler(signal: SignalName): boolean {
    return this.signalListeners.has(signal);
  }

  /** @internal queues a runnable for the next turn (or this one's successor). */
  _schedule(r: Runnable): void {
    this.ready.push(r);
    if (!this.iterating && !this.turnQueued) this.scheduleTurnFromOutside();
  }

  /** @internal an outside operation started: an autojump clock must wait for it. */
  _holdOutside(): void {
    this.outside++;
  }

  /** @internal an outside operation settled. */
  _releaseOutside(): void {
    this.outside--;
    if (this.outside === 0 && !this.iterating && !this.turnQueued) this.arm();
  }

  /** @internal a scheduled timer was cancelled; rebuild the heap when it is mostly dead. */
  _timerCancelled(): void {
    this.cancelledTimers++;
    if (this.cancelledTimers > 64 && this.cancelledTimers * 2 > this.timers.size) {
      this.timers.prune();
      this.cancelledTimers = 0;
    }
  }

  /** @internal the virtual clock moved. */
  _wake(): void {
    if (!this.iterating && !this.turnQueued) this.scheduleTurn();
  }

  private checkOpen(): void {
    if (this.closed) throw new RuntimeError("Event loop is closed");
  }

  /** Queues the next turn behind Node's pending I/O and timers. */
  private scheduleTurn(): void {
    if (this.closed) return;
    if (this.nodeTimer !== null) {
      clearTimeout(this.nodeTimer);
      this.nodeTimer = null;
    }
    this.turnQueued = true;
    this.immediate = queueMacrotask(this.turnFromNode);
  }

  /**
   * Queues the next turn right after this one, as a microtask, while the budget since the
   * last pass through Node lasts. A pass through Node (setImmediate) costs more than a
   * whole turn of a busy loop, and paying it on every turn made each hand-off between
   * tasks (wake, then run) twice as slow as plain promises. Like tokio, which polls its
   * I/O driver every 61 scheduler ticks, corio gives Node a spin at least every
   * {@link TURNS_PER_NODE_SPIN} turns or {@link MS_PER_NODE_SPIN} ms, so a task spinning
   * on `sleep(0)` still never starves I/O.
   */
  private scheduleNextTurn(): void {
    const turns = ++this.turnsSinceNode;
    // The clock is read every 8th turn only: reading it on every turn cost 3% of a busy loop.
    if (turns < TURNS_PER_NODE_SPIN && ((turns & 7) !== 0 || performance.now() - this.cameFromNodeAt < MS_PER_NODE_SPIN)) {
      this.turnQueued = true;
      RESOLVED.then(this.turnInMicrotask);
    } else this.scheduleTurn();
  }

  /**
   * Queues a turn for work scheduled outside any turn: an async function's code releasing
   * a lock or awaiting `sleep(0)` (task/await-wakeup.ts), a promise settling. Like the
   * turn after a turn, it runs as a microtask while the budget since the last pass
   * through Node lasts, else behind Node's I/O: a `setImmediate` per hand-off between
   * async-function tasks cost more than the rest of the hand-off (bench/: lock and
   * semaphore, corio-await rows). The budget counts these turns too, so a chain of async
   * code and turns feeding each other still gives Node a spin every
   * {@link TURNS_PER_NODE_SPIN} turns or {@link MS_PER_NODE_SPIN} ms.
   */
  private scheduleTurnFromOutside(): void {
    if (this.closed) return;
    if (this.microtaskTurnsFromOutside) this.scheduleNextTurn();
    else this.scheduleTurn();
  }

  /**
   * A turn queued as a microtask: a reaction of a settled promise, not `queueMicrotask`,
   * which under Node makes an AsyncResource, a bound function and a closure per call (a
   * tenth of a busy loop's time in a profile of the lock workload). An exception that
   * escaped a turn (callbacks' are reported inside it) would still end as an uncaught
   * exception, as under `queueMicrotask`, not as an unhandled rejection.
   */
  private readonly turnInMicrotask = (): void => {
    try {
      this.turn();
    } catch (e) {
      queueMicrotask(() => {
        throw e;
      });
    }
  };

  private readonly turnFromNode = (): void => {
    this.immediate = null;
    this.turnsSinceNode = 0;
    this.cameFromNodeAt = performance.now();
    this.turn();
  };

  /** One loop turn (an arrow function so it can be queued as is). */
  private readonly turn = (): void => {
    this.turnQueued = false;
    if (this.closed) return;
    leaveAsyncTasks();
    const timers = this.timers;
    if (this.ready.length === 0 && this.clock.virtual && (this.clock as VirtualClock).autojump && (this.outside === 0 || this.graceOver)) {
      // Nothing can run and nothing outside is pending (or it had its grace period): only
      // a timer can make progress, so an autojump clock skips straight to the next one.
      const next = this.nextTimer();
      if (next !== undefined) (this.clock as VirtualClock)._jumpTo(next._when);
    }
    this.graceOver = false;
    // The clock is read only when a timer may be due: a busy loop without timers (a lock
    // handed between tasks) spent 5% of its time reading it.
    if (timers.peek() !== undefined) {
      const now = this.clock.now();
      for (;;) {
        const t = timers.peek();
        if (t === undefined || t._when > now) break;
        timers.pop();
        t._scheduled = false;
        if (t._cancelled) {
          this.cancelledTimers--;
          continue;
        }
        this.ready.push(t);
      }
    }
    this.iterating = true;
    const prev = _enterIteration(this);
    try {
      const ready = this.ready;
      let n = ready.length;
      if (this.debug) {
        while (n-- > 0) runTimed(this, ready.shift()!);
      } else {
        while (n-- > 0) ready.shift()!._run();
      }
    } finally {
      _enterIteration(prev);
      this.iterating = false;
    }
    this.arm();
  };

  /** Decides how the loop waits after a turn: next turn now, at the next timer, or idle. */
  private arm(): void {
    if (this.closed) return;
    if (this.ready.length > 0) {
      if (!this.turnQueued) this.scheduleNextTurn();
      return;
    }
    const next = this.nextTimer();
    if (next === undefined) return;
    if (this.clock.virtual) {
      // A virtual clock never waits on the wall clock: with autojump the next turn jumps
      // (once outside work is done); without it, `clock.advance()` wakes the loop.
      const clock = this.clock as VirtualClock;
      if (!clock.autojump || this.turnQueued) return;
      if (this.outside === 0) this.scheduleTurn();
      else {
        if (this.nodeTimer !== null) clearTimeout(this.nodeTimer);
        this.nodeTimer = setTimeout(this.onGraceOver, clock.autojumpThreshold);
      }
      return;
    }
    const delay = next._when - this.clock.now();
    if (delay <= 0) {
      if (!this.turnQueued) this.scheduleTurn();
      return;
    }
    if (this.nodeTimer !== null) clearTimeout(this.nodeTimer);
    // Node timers have 1 ms granularity and may fire a hair early; ceil and re-arm if so.
    this.nodeTimer = setTimeout(this.onNodeTimer, Math.ceil(delay));
  }

  /** Outside work had its grace period without making progress: let the clock jump. */
  private readonly onGraceOver = (): void => {
    this.nodeTimer = null;
    if (this.turnQueued || this.ready.length > 0) return;
    this.graceOver = true;
    this.turnFromNode();
  };

  private readonly onNodeTimer = (): void => {
    this.nodeTimer = null;
    if (!this.turnQueued) this.turnFromNode();
  };

  private nextTimer(): TimerHandle | undefined {
    const timers = this.timers;
    for (;;) {
      const t = timers.peek();
      if (t === undefined || !t._cancelled) return t;
      timers.pop();
      t._scheduled = false;
      this.cancelledTimers--;
    }
  }
}

export type { Coro };
