/**
 * Task groups (asyncio's `TaskGroup`): structured concurrency. The body creates child
 * tasks through `tg.createTask`; the group returns only once every child is done.
 *
 * The first child failure aborts the group: every other child and the body are cancelled
 * (the body through one counted cancel request on the parent task, withdrawn on exit so
 * it does not leak out), and once all are done the real errors are raised together as an
 * `ExceptionGroup`. A cancellation from outside cancels the children and propagates as
 * `CancelledError` once they are done — unless a child also failed: errors win.
 */
import { CancelledError, ExceptionGroup, KeyboardInterrupt, RuntimeError } from "../errors.js";
import { describe } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { Future } from "../task/future.js";
import { markAwaiter } from "../introspect/awaited-by.js";
import { lazy } from "../task/lazy.js";
import { currentTask, type Task, type TaskOptions, type TaskSource } from "../task/task.js";

const NONE: unique symbol = Symbol("none");

/** What a group's body waits on at its end: named for `task.waitingOn`. */
class ChildrenDone extends Future<boolean> {
  constructor(
    loop: EventLoop,
    private readonly group: TaskGroup,
  ) {
    super(loop);
  }

  /** @internal how the waiting task describes its wait (introspection). */
  _waitLabel(): string {
    return `TaskGroup (${this.group.size} running)`;
  }
}

/**
 * The handle a task-group body receives: `tg.createTask(...)` starts a child it owns.
 * @example yield* withTaskGroup(function* (tg) { for (const u of urls) tg.createTask(fetchPage(u)); });
 */
export class TaskGroup {
  private readonly tasks = new Set<Task<unknown>>();
  private errors: unknown[] = [];
  private baseError: unknown = NONE;
  private aborting = false;
  private exiting = false;
  private parentCancelRequested = false;
  private onCompleted: Future<boolean> | null = null;
  private readonly loop: EventLoop;

  /** @internal */
  constructor(private readonly parent: Task<unknown>) {
    this.loop = parent.getLoop();
    markAwaiter(this.onTaskDone, parent, "TaskGroup");
  }

  /**
   * Starts a child task owned by the group.
   * @throws RuntimeError once the group is shutting down (a child failed or it was
   * cancelled) or finished.
   * @example tg.createTask(download(url), { name: url });
   */
  createTask<T>(source: TaskSource<T>, options: TaskOptions = {}): Task<T> {
    if (this.exiting && this.tasks.size === 0) throw new RuntimeError("TaskGroup is finished: create tasks inside its body");
    if (this.aborting) throw new RuntimeError("TaskGroup is shutting down: a child failed or the group was cancelled");
    const task = this.loop.createTask(source, options);
    this.tasks.add(task as Task<unknown>);
    task.addDoneCallback(this.onTaskDone as (t: Future<T>) => void);
    return task;
  }

  /** How many children are still running. */
  get size(): number {
    return this.tasks.size;
  }

  private abort(): void {
    this.aborting = true;
    for (const t of this.tasks) if (!t.done()) t.cancel();
  }

  private readonly onTaskDone = (task: Future<unknown>): void => {
    this.tasks.delete(task as Task<unknown>);
    if (this.onCompleted !== null && this.tasks.size === 0 && !this.onCompleted.done()) this.onCompleted.setResult(true);
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === undefined) return;
    this.errors.push(exc);
    if (exc instanceof KeyboardInterrupt && this.baseError === NONE) this.baseError = exc;
    if (this.parent.done()) {
      this.loop.callExceptionHandler({ message: "Task failed after its TaskGroup's parent finished", exception: exc, task });
      return;
    }
    if (!this.aborting && !this.parentCancelRequested) {
      // Cancel the parent too, so the body stops wherever it waits; exit withdraws it.
      this.abort();
      this.parentCancelRequested = true;
      this.parent.cancel();
    }
  };

  /** @internal asyncio's `__aexit__`: wait for the children, then decide what to raise. */
  *_exit(failed: boolean, exc: unknown): Coro<void> {
    this.exiting = true;
    if (failed && exc instanceof KeyboardInterrupt && this.baseError === NONE) this.baseError = exc;
    let propagateCancel: unknown = failed && exc instanceof CancelledError ? exc : NONE;
    if (failed && !this.aborting) this.abort();
    while (this.tasks.size > 0) {
      this.onCompleted ??= new ChildrenDone(this.loop, this);
      try {
        yield* this.onCompleted;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        if (!this.aborting) {
          propagateCancel = e;
          this.abort();
        }
      }
      this.onCompleted = null;
    }
    if (this.baseError !== NONE) throw this.baseError;
    if (this.parentCancelRequested && this.parent.uncancel() === 0) propagateCancel = NONE;
    if (propagateCancel !== NONE && this.errors.length === 0) throw propagateCancel;
    if (failed && !(exc instanceof CancelledError)) this.errors.push(exc);
    if (this.errors.length > 0) {
      // Keep an outside cancel request counted exactly once.
      if (this.parent.cancelling() > 0) {
        this.parent.uncancel();
        this.parent.cancel();
      }
      throw new ExceptionGroup("unhandled errors in a TaskGroup", this.errors);
    }
  }
}

/** The body of a task group. */
export type TaskGroupBody<T> = (tg: TaskGroup) => Coro<T>;

/**
 * Runs `body` with a {@link TaskGroup} and returns its result once every child task is
 * done. Child failures are raised together as an `ExceptionGroup` after the rest were
 * cancelled (asyncio's `async with TaskGroup() as tg`).
 *
 * @example
 * const pages = yield* withTaskGroup(function* (tg) {
 *   const tasks = urls.map((u) => tg.createTask(fetchPage(u)));
 *   return tasks; // read t.result() after the group returns
 * });
 */
export function withTaskGroup<T>(body: TaskGroupBody<T>): Awaitable<T> {
  if (typeof body !== "function") throw new TypeError(`withTaskGroup: expected a generator function (tg) => Coro, got ${describe(body)}`);
  return lazy(function* () {
    const parent = currentTask();
    if (parent === undefined) {
      throw new RuntimeError("withTaskGroup must run inside a task: use it with `yield*` in a coroutine, or `await` it from async code");
    }
    const tg = new TaskGroup(parent);
    let result: T | undefined;
    let failed = false;
    let exc: unknown;
    try {
      result = yield* body(tg);
    } catch (e) {
      failed = true;
      exc = e;
    }
    yield* tg._exit(failed, exc);
    return result as T;
  });
}
