/**
 * Task: runs a coroutine on the loop, one step per ready-queue turn (asyncio's
 * `Task.__step`). A step resumes the generator; what it yields decides what happens next:
 *
 * - a pending Future, or a pending {@link Wakeup} (the light record sync primitives and
 *   queues park on) → the task parks on it (`futWaiter`) and is stepped again when it is done;
 * - `YIELD_NOW` (from `sleep(0)`) → the task is queued for the next turn;
 * - anything else → a TypeError is thrown back into the coroutine, saying to use `yield*`.
 *
 * Cancellation is thrown into the generator with `gen.throw(CancelledError)` at the point
 * where it waits — never `gen.return()` — so `catch` and `finally` blocks run and may
 * themselves `yield*` (async cleanup). Cancel requests are counted (`cancelling()`,
 * `uncancel()`) so nested timeout scopes and task groups can tell their own cancellation
 * from one that came from outside.
 */
import { CancelledError, RuntimeError, cancelledError } from "../errors.js";
import { assert } from "../internal/assert.js";
import { describe } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import { getRunningLoop } from "../loop/running-loop.js";
import { AsyncAwaits, type Cancellable } from "./async-awaits.js";
import { enterAsyncTask, runningAsyncTask, tracksAsyncTasks } from "./async-context.js";
import { isAwaitable, isGenerator, isGeneratorFunction, isPromiseLike, YIELD_NOW, type Coro } from "./awaitable.js";
import { Future, type Waiter } from "./future.js";
import { Wakeup } from "./wakeup.js";
import { annotateEscapingError } from "../introspect/annotate-error.js";
import { taskParent, taskState, waitLabel, type TaskState } from "../introspect/task-info.js";

/**
 * What a task can run: a coroutine (generator object), a corio awaitable, a promise, or a
 * function called on the task's first step with an `AbortSignal` (aborted when the task is
 * cancelled) that returns a coroutine or a promise (an async function).
 */
export type TaskSource<T> =
  | Coro<T>
  | { [Symbol.iterator](): Iterator<unknown, T, unknown> }
  | PromiseLike<T>
  | ((signal: AbortSignal) => Coro<T> | PromiseLike<T>);

/** Options of `createTask`. */
export interface TaskOptions {
  /** A name for logs and `getName()`. Default `Task-N`. */
  name?: string;
}

let current: Task<unknown> | undefined;
let counter = 0;
const NO_EXC: unique symbol = Symbol("noException");

type StartFn<T> = (signal: AbortSignal) => Coro<T> | PromiseLike<T>;
/** What a task driven by an async function waits on, as far as corio can tell. */
const ASYNC_WAIT = { describe: () => "promise (async function)" };
/** `Task.coro` while a function source is being called. */
const STARTING = Object.freeze({ starting: true });

/**
 * A coroutine scheduled on the loop; a {@link Future} of its return value.
 *
 * @example
 * const task = createTask(function* () { yield* sleep(100); return 42; });
 * task.cancel("no longer needed");
 */
export class Task<T> extends Future<T> implements Waiter {
  // What the task runs, in one slot (fields are what 100 000 tasks cost): the coroutine;
  // before the first step of a function source, that function; STARTING while it is being
  // called; null once it returned a promise (the task is then promise-driven).
  private coro: Iterator<unknown, T, unknown> | StartFn<T> | typeof STARTING | null = null;
  /** The name, or the task's number until a name is asked for (no string per task). */
  private name: string | number;
  /** The future (or Wakeup) this task is parked on, if any. */
  private futWaiter: Future<unknown> | Wakeup | null = null;
  /** A cancel arrived while no future could carry it: throw CancelledError at the next step. */
  private mustCancel = false;
  private numCancelsRequested = 0;
  private controller: AbortController | null = null;
  /** @internal links in the loop's list of pending tasks (internal/task-list.ts). */
  _prevPending: Task<unknown> | null = null;
  /** @internal */ _nextPending: Task<unknown> | null = null;
  /** An error to throw in at the next step (a bad yield, a foreign future). */
  private pendingExc: unknown = NO_EXC;
  /**
   * Promise-driven only: what its async function awaits (async-awaits.ts) — the one
   * awaitable itself while it awaits one at a time (no list per task), a list from the
   * second at once (`Promise.all`).
   */
  private asyncAwaits: AsyncAwaits | Cancellable | null = null;

  /** Use `createTask` or `loop.createTask`. @internal */
  constructor(source: TaskSource<T>, loop: EventLoop, name?: string) {
    super(loop);
    this.name = name ?? ++counter;
    if (isGenerator(source)) this.coro = source as Iterator<unknown, T, unknown>;
    else if (typeof source === "function") this.coro = source;
    else if (isAwaitable(source)) this.coro = (source as Iterable<unknown, T, unknown>)[Symbol.iterator]();
    else if (isPromiseLike(source)) this.coro = () => source;
    else {
      throw new TypeError(
        `createTask: expected a coroutine (generator object), a generator function, an async function or a promise, got ${describe(source)}`,
      );
    }
    loop._tasks.add(this as Task<unknown>);
    loop._schedule(this);
  }

  getName(): string {
    if (typeof this.name === "number") this.name = `Task-${this.name}`;
    return this.name;
  }

  setName(name: string): void {
    this.name = String(name);
  }

  /** The coroutine this task runs (`null` before the first step of a function source). */
  getCoro(): Iterator<unknown, T, unknown> | null {
    const coro = this.coro;
    return coro === null || coro === STARTING || typeof coro === "function" ? null : (coro as Iterator<unknown, T, unknown>);
  }

  /**
   * Where the task is in its life: `"pending"` (queued for its next step), `"running"`,
   * `"waiting"` (see {@link Task.waitingOn}), `"done"`, `"failed"` or `"cancelled"`.
   * @example if (task.state === "waiting") console.log(task.getName(), "waits on", task.waitingOn);
   */
  get state(): TaskState {
    return taskState(this._state, current === this, this.futWaiter ?? (this.coro === null ? ASYNC_WAIT : null));
  }

  /**
   * What the task is parked on, in a few words — `sleep until 1234.5 ms`, `Lock#3.acquire`,
   * `Queue.get`, `stream read`, `promise`, `Task "child"` — or `null` when it is not waiting.
   * Computed when read, from the future the task waits on.
   * @example console.log(`${task.getName()}: ${task.waitingOn ?? task.state}`);
   */
  get waitingOn(): string | null {
    if (this.done()) return null;
    return this.futWaiter !== null ? waitLabel(this.futWaiter) : this.coro === null ? ASYNC_WAIT.describe() : null;
  }

  /**
   * The task that owns this one: the task whose TaskGroup created it, else the first task
   * waiting for it (through `yield*`, gather or shield); `undefined` if nobody waits for it.
   * @example for (const t of allTasks()) console.log(t.getName(), "←", t.parent?.getName());
   */
  get parent(): Task<unknown> | undefined {
    return taskParent(this) as Task<unknown> | undefined;
  }

  /** @internal what the task is parked on (introspection). */
  _waitTarget(): Future<unknown> | Wakeup | null {
    return this.futWaiter;
  }

  /** @internal how a task waiting on this one describes its wait. */
  _waitLabel(): string {
    return `Task "${this.getName()}"`;
  }

  /**
   * The signal aborted when this task is cancelled, for passing to promise APIs.
   * Created on first use.
   */
  get signal(): AbortSignal {
    return (this.controller ??= new AbortController()).signal;
  }

  /**
   * Requests cancellation: `CancelledError(msg)` is thrown into the coroutine where it
   * waits (at its next step if it is not waiting). Returns `false` if the task is done.
   * In a task driven by an async function, the corio awaitable it awaits (sleep, a lock,
   * a queue, a future, `call`…) is cancelled and its `await` rejects with CancelledError
   * (its next such `await`, if it awaits none now), and its signal is aborted; the task
   * ends cancelled only if its promise then rejects.
   */
  override cancel(msg?: string): boolean {
    this._markRetrieved();
    if (this.done()) return false;
    this.numCancelsRequested++;
    this.controller?.abort(cancelledError(msg ?? ""));
    if (this.coro === null) {
      // Driven by a promise (an async function): the corio awaitables it awaits are
      // cancelled, so its `await` rejects with CancelledError; if it awaits none right now,
      // the next one it awaits rejects at once (like a generator's next step).
      this._cancelMessage = msg;
      if (this.asyncAwaits?.cancel(msg)) return true;
      this.mustCancel = true;
      // Where no async context tracks its awaits (browsers), a function without a signal
      // cannot cooperate at all: stop waiting for it at once.
      if (this.controller === null && !tracksAsyncTasks()) this.finishCancelled(this.freshCancelledError());
      return true;
    }
    if (this.futWaiter !== null && this.futWaiter.cancel(msg)) {
      // Leave futWaiter set: a task we wait on may swallow the cancel and need another.
      return true;
    }
    this.mustCancel = true;
    this._cancelMessage = msg;
    return true;
  }

  /** How many cancel requests are pending (asyncio's `Task.cancelling()`). */
  cancelling(): number {
    return this.numCancelsRequested;
  }

  /**
   * Withdraws one cancel request; returns how many remain. Scopes that absorb their own
   * cancellation (timeouts, task groups) call it so outer scopes still see theirs.
   */
  uncancel(): number {
    if (this.numCancelsRequested > 0) {
      this.numCancelsRequested--;
      if (this.numCancelsRequested === 0) this.mustCancel = false;
    }
    return this.numCancelsRequested;
  }

  override describe(): string {
    return `Task "${this.getName()}"<${this.done() ? (this.cancelled() ? "cancelled" : "finished") : "pending"}>`;
  }

  /**
   * @internal `f.then()` ran inside this task's async function (an `await f`): tie `f` to
   * the task so that cancelling the task cancels it (task/async-context.ts).
   */
  _awaitedFromAsync(f: Cancellable): void {
    // Only a promise-driven task's code is tracked (STARTING: `then()` called before its
    // first await); and a task awaiting itself just waits, as a promise would.
    if ((this.coro !== null && this.coro !== STARTING) || f === this) return;
    if (this.done()) {
      // Its code runs on after the task ended cancelled: stop it at this await.
      if (this.cancelled()) f.cancel(this._cancelMessage);
      return;
    }
    if (this.mustCancel) {
      if (f.cancel(this._cancelMessage)) this.mustCancel = false;
      return;
    }
    const awaits = this.asyncAwaits;
    if (awaits === null || (!(awaits instanceof AsyncAwaits) && awaits.done())) this.asyncAwaits = f;
    else if (awaits instanceof AsyncAwaits) awaits.add(f);
    else {
      const list = new AsyncAwaits();
      list.add(awaits);
      list.add(f);
      this.asyncAwaits = list;
    }
  }

  /**
   * @internal an `await` of a corio wait starts in this task's async function
   * (task/await-wakeup.ts): the CancelledError it must reject with at once — a cancel that
   * found the task awaiting nothing, or code running on after the task ended cancelled —
   * or null. Consumes that cancel, as `_awaitedFromAsync` does by cancelling the future.
   */
  _takePendingCancel(): CancelledError | null {
    if (this.coro !== null && this.coro !== STARTING) return null; // a generator's step delivers it
    if (this.done()) return this.cancelled() ? this.freshCancelledError() : null;
    if (!this.mustCancel) return null;
    this.mustCancel = false;
    return this.freshCancelledError();
  }

  /** @internal the future it waited on is done. */
  _wakeup(): void {
    this.step(NO_EXC);
  }

  /** @internal run from the ready queue: a step, or (once done) the done callbacks. */
  override _run(): void {
    if (this.done()) {
      super._run();
      return;
    }
    const exc = this.pendingExc;
    this.pendingExc = NO_EXC;
    this.step(exc);
  }

  private step(exc: unknown): void {
    if (this.mustCancel) {
      if (!(exc instanceof CancelledError)) exc = this.freshCancelledError();
      this.mustCancel = false;
    }
    this.futWaiter = null;
    const prev = current;
    current = this as Task<unknown>;
    try {
      let coro = this.coro as Iterator<unknown, T, unknown> | StartFn<T>;
      if (typeof coro === "function") {
        if (exc !== NO_EXC) {
          // Cancelled before it started: the function is never called.
          this.finishCancelled(exc);
          return;
        }
        const begun = this.begin(coro);
        if (begun === null) return;
        coro = begun;
      }
      let r: IteratorResult<unknown, T>;
      try {
        r = exc === NO_EXC ? coro.next() : coro.throw!(exc);
      } catch (e) {
        if (e instanceof CancelledError) this.finishCancelled(e);
        else this.finish(undefined, e, true);
        return;
      }
      if (r.done) {
        if (this.mustCancel) {
          // Cancelled right as the coroutine returned: asyncio ends the task cancelled.
          this.mustCancel = false;
          this.finishCancelled(this.freshCancelledError());
        } else this.finish(r.value, undefined, false);
        return;
      }
      this.onYield(r.value);
    } finally {
      current = prev;
    }
  }

  private onYield(y: unknown): void {
    if (y instanceof Future || y instanceof Wakeup) {
      if (y._loop !== this._loop) {
        this.throwInLater(
          new RuntimeError(`${this.describe()} got ${y.describe()} attached to a different loop: create futures, tasks and primitives on the loop that uses them`),
        );
      } else if (y === this) {
        this.throwInLater(new RuntimeError(`Task cannot await on itself: ${this.describe()}`));
      } else if (y.done()) {
        // Only a hand-written iterator yields a done future; resume on the next turn.
        this._loop._schedule(this);
      } else {
        this.futWaiter = y;
        y._addWaiter(this);
        if (this.mustCancel && y.cancel(this._cancelMessage)) this.mustCancel = false;
      }
    } else if (y === YIELD_NOW) {
      this._loop._schedule(this);
    } else {
      this.throwInLater(new TypeError(badYieldMessage(y)));
    }
  }

  /** First step of a function source: call it, then run what it returned. */
  private begin(start: StartFn<T>): Iterator<unknown, T, unknown> | null {
    this.coro = STARTING;
    let out: Coro<T> | PromiseLike<T>;
    try {
      const signal = start.length > 0 ? this.signal : (undefined as unknown as AbortSignal);
      if (isGeneratorFunction(start)) out = start(signal);
      else if (!tracksAsyncTasks()) out = start(signal);
      else {
        // Any other function may be an async one: its code runs as this task's.
        startingFn = start as StartFn<unknown>;
        startingSignal = signal;
        out = enterAsyncTask(this as Task<unknown>, callAsTaskCode, undefined) as Coro<T> | PromiseLike<T>;
      }
    } catch (e) {
      this.finish(undefined, e, true);
      return null;
    }
    if (isGenerator(out)) {
      this.coro = out as Iterator<unknown, T, unknown>;
      return this.coro;
    }
    if (isAwaitable(out)) {
      // `() => lock.acquire()`: wait on it the way `yield*` does, cancellation included.
      this.coro = (out as Iterable<unknown, T, unknown>)[Symbol.iterator]();
      return this.coro;
    }
    if (isPromiseLike(out)) {
      this.coro = null;
      // callAsTaskCode already watches a native promise made in a tracked async context.
      if (!(isNativePromise(out) && tracksAsyncTasks())) this.awaitPromise(out);
      return null;
    }
    // A plain function that returned a value: the task's result is that value.
    this.finish(out as T, undefined, false);
    return null;
  }

  private awaitPromise(p: PromiseLike<T>): void {
    const loop = this._loop;
    // Not counted as outside work for an autojump clock: async functions mostly await
    // corio awaitables, whose progress needs the clock to move. Real I/O goes through call().
    // A native promise calls one of the two at most once; another thenable might not.
    let settled = false;
    p.then(
      (v) => {
        if (settled) return;
        settled = true;
        if (!this.done() && !loop.isClosed()) this.finish(v, undefined, false);
      },
      (e) => {
        if (settled) return;
        settled = true;
        if (!this.done() && !loop.isClosed()) this.settleRejected(e);
      },
    );
  }

  /** @internal the promise of its async function settled (`asyncReturned`, `asyncThrew`). */
  _asyncSettled(value: unknown, failed: boolean): void {
    if (this.done() || this._loop.isClosed()) return;
    if (failed) this.settleRejected(value);
    else this.finish(value as T, undefined, false);
  }

  /** The async function's promise rejected: the task ends cancelled or failed. */
  private settleRejected(error: unknown): void {
    if (error instanceof CancelledError || this.controller?.signal.aborted) {
      this.finishCancelled(error instanceof CancelledError ? error : this.freshCancelledError());
    } else this.finish(undefined, error, true);
  }

  /** A new error per delivery: the coroutine may catch one and be cancelled again later. */
  private freshCancelledError(): CancelledError {
    return cancelledError(this._cancelMessage ?? "", this._loop.getDebug());
  }

  private throwInLater(e: unknown): void {
    this.pendingExc = e;
    this._loop._schedule(this);
  }

  private finish(value: T | undefined, error: unknown, failed: boolean): void {
    this._loop._tasks.delete(this as Task<unknown>);
    // What a finished task's function last awaited must not live as long as the task
    // (gather keeps 100 000 finished tasks: their last awaits were promoted with them).
    this.asyncAwaits = null;
    if (failed) annotateEscapingError(this as Task<unknown>, error);
    if (failed) this.setException(error === undefined ? new Error("task threw undefined") : error);
    else this.setResult(value as T);
  }

  private finishCancelled(e: unknown): void {
    this._loop._tasks.delete(this as Task<unknown>);
    this.asyncAwaits = null;
    Future.prototype.cancel.call(this, this._cancelMessage);
    // The CancelledError the coroutine ended with is the one its readers get, as is.
    if (e instanceof CancelledError) this._result = e;
  }
}

/** The function an async-function task is starting, for {@link callAsTaskCode} (no closure per task). */
let startingFn: StartFn<unknown> | null = null;
let startingSignal: AbortSignal | undefined;

/**
 * The first step of a function task, run as the task's code (`enterAsyncTask`): calls the
 * function and, if it returned a native promise, watches it from here. A `.then` made
 * inside the task's async context runs its callbacks in that context, so two shared
 * functions find their task with `runningAsyncTask()` instead of a closure pair (and
 * their context) per task — what 100 000 live async-function tasks otherwise keep for
 * the GC to copy (bench/README.md, "corio-await").
 */
function callAsTaskCode(): unknown {
  const start = startingFn!;
  const signal = startingSignal as AbortSignal;
  startingFn = null;
  startingSignal = undefined;
  const out = start(signal);
  if (isNativePromise(out)) out.then(asyncReturned, asyncThrew);
  return out;
}

function asyncReturned(value: unknown): void {
  watchedTask()._asyncSettled(value, false);
}

function asyncThrew(error: unknown): void {
  watchedTask()._asyncSettled(error, true);
}

function watchedTask(): Task<unknown> {
  const task = runningAsyncTask();
  assert(task !== undefined, "a callback watching an async function's promise runs in its task's context");
  return task;
}

/** A promise of this realm's own `Promise`: it calls one of its two callbacks, once. */
function isNativePromise(x: unknown): x is Promise<unknown> {
  return x instanceof Promise && x.constructor === Promise;
}

function badYieldMessage(y: unknown): string {
  if (isAwaitable(y) || isGenerator(y)) {
    return `a coroutine yielded ${describe(y)} with \`yield\`: wait for it with \`yield*\` (e.g. \`yield* sleep(10)\`)`;
  }
  if (isPromiseLike(y)) {
    return `a coroutine yielded a promise: wrap it with \`yield* call(promise)\` (or \`yield* call((signal) => fetch(url, { signal }))\`)`;
  }
  return `a coroutine yielded ${describe(y)}, which is not a corio awaitable: wait with \`yield*\` on a corio awaitable, or bring a promise in with \`yield* call(p)\``;
}

/**
 * Wraps `source` in a {@link Task} on the running loop (see `getRunningLoop`); it takes its
 * first step on a later loop turn.
 *
 * @example
 * const t = createTask(function* () { yield* sleep(10); return "done"; }, { name: "demo" });
 * const r = yield* t; // "done"
 * @example
 * const t = createTask(async (signal) => (await fetch(url, { signal })).status);
 */
export function createTask<T>(source: TaskSource<T>, options: TaskOptions = {}): Task<T> {
  return getRunningLoop().createTask(source, options);
}

/**
 * The task whose step is running now (or whose async function's code is running), or
 * `undefined` outside any task.
 * @example const me = currentTask()?.getName();
 */
export function currentTask(): Task<unknown> | undefined {
  return current ?? runningAsyncTask();
}

/**
 * Every task of `loop` (default: the running loop) that is not done yet.
 * @example console.log(allTasks().size);
 */
export function allTasks(loop: EventLoop = getRunningLoop()): Set<Task<unknown>> {
  return new Set(loop._tasks);
}
