/**
 * Timeout scopes (asyncio's `timeout` / `timeout_at`). `withTimeoutAt` is the primitive;
 * `withTimeout(ms)` is `withTimeoutAt(now + ms)`; `waitFor` is a task plus a scope.
 *
 * When the deadline passes the scope cancels its task — one counted cancel request — and
 * remembers it did. When the body then ends with CancelledError and `uncancel()` shows no
 * other request is pending (an outer scope's, a TaskGroup's, a user's), the scope turns
 * that cancellation into `TimeoutError`; otherwise the cancellation keeps travelling.
 * Because the deadline callback runs in loop order, a deadline that fires before the task
 * resumes wins even when the awaited result arrived in the same turn (asyncio 3.12+).
 */
import { RuntimeError, TimeoutError, isCancelled } from "../errors.js";
import { describe, RangeErrorFor, checkDelay } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Handle } from "../loop/handles.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";
import { currentTask, type Task } from "../task/task.js";

type State = "entered" | "expiring" | "expired" | "exited";

/**
 * The handle a timeout body receives: read or move its deadline.
 * @example
 * yield* withTimeout(1000, function* (scope) {
 *   yield* firstStep();
 *   scope.reschedule(scope.when()! + 1000); // one more second for the second step
 *   yield* secondStep();
 * });
 */
export class TimeoutScope {
  private state: State = "entered";
  private handle: Handle | null = null;
  /** @internal */ readonly _cancellingAtEnter: number;
  /** When the scope was entered (loop clock): the TimeoutError says how long it allowed. */
  private readonly enteredAt: number;

  /** @internal */
  constructor(
    private deadline: number | null,
    private readonly task: Task<unknown>,
    private readonly loop: EventLoop,
    enteredAt: number = loop.time(),
  ) {
    this._cancellingAtEnter = task.cancelling();
    this.enteredAt = enteredAt;
    this.reschedule(deadline);
  }

  /** The deadline on the loop clock, or `null` when the scope is disabled. */
  when(): number | null {
    return this.deadline;
  }

  /**
   * Moves the deadline (`null` disables it). A deadline already in the past expires the
   * scope on the next loop turn.
   * @throws RuntimeError once the scope has expired or exited.
   */
  reschedule(when: number | null): void {
    if (this.state !== "entered") throw new RuntimeError(`cannot reschedule a timeout scope that has ${this.state}`);
    if (when !== null && (typeof when !== "number" || Number.isNaN(when))) {
      throw RangeErrorFor("reschedule(when)", "a time on the loop clock or null", when);
    }
    this.deadline = when;
    this.handle?.cancel();
    this.handle = null;
    if (when === null || when === Infinity) return;
    this.handle = when <= this.loop.time() ? this.loop.callSoon(expire, this) : this.loop.callAt(when, expire, this);
  }

  /** True once the deadline has passed and the scope cancelled its body. */
  expired(): boolean {
    return this.state === "expiring" || this.state === "expired";
  }

  /** @internal the deadline passed: cancel the task once, and remember it was us. */
  _expire(): void {
    this.task.cancel();
    this.state = "expiring";
    this.handle = null;
  }

  /** @internal leaves the scope; returns the error to throw instead of `error`, if any. */
  _exit(failed: boolean, error: unknown): unknown {
    this.handle?.cancel();
    this.handle = null;
    if (this.state === "expiring") {
      this.state = "expired";
      if (this.task.uncancel() <= this._cancellingAtEnter && failed && isCancelled(error)) {
        return new TimeoutError(timedOutMessage(this.deadline, this.enteredAt), { cause: error });
      }
    } else if (this.state === "entered") this.state = "exited";
    return error;
  }
}

/**
 * "timed out after 2000 ms": the time the scope allowed, counted from its entry. The
 * deadline itself is a reading of the loop clock (ms since the loop started), which
 * means nothing to the reader of a log.
 */
function timedOutMessage(deadline: number | null, enteredAt: number): string {
  if (deadline === null) return "timed out";
  const allowed = Math.max(0, Math.round((deadline - enteredAt) * 10) / 10);
  return `timed out after ${allowed} ms`;
}

// A shared function instead of a closure per scope: many scopes are armed and disarmed.
function expire(scope: TimeoutScope): void {
  scope._expire();
}

/** The body of a timeout scope. */
export type TimeoutBody<T> = (scope: TimeoutScope) => Coro<T>;

function* scoped<T>(when: number | null, body: TimeoutBody<T>, enteredAt?: number): Coro<T> {
  const task = currentTask();
  if (task === undefined) {
    throw new RuntimeError("a timeout scope must run inside a task: use it with `yield*` in a coroutine, or `await` it from async code");
  }
  const scope = new TimeoutScope(when, task, task.getLoop(), enteredAt);
  let result: T;
  try {
    result = yield* body(scope);
  } catch (e) {
    throw scope._exit(true, e);
  }
  scope._exit(false, undefined);
  return result;
}

function checkBody(body: unknown): void {
  if (typeof body !== "function") throw new TypeError(`timeout body: expected a generator function (scope) => Coro, got ${describe(body)}`);
}

/**
 * Runs `body` and throws `TimeoutError` if it is not done `ms` milliseconds after entry
 * (`null`: no deadline, but one can be set later with `scope.reschedule`).
 *
 * @example
 * const page = yield* withTimeout(5000, function* () { return yield* fetchPage(url); });
 * @example
 * yield* withTimeout(null, function* (scope) { scope.reschedule(scope.when() ?? 0 + 100); ... });
 */
export function withTimeout<T>(ms: number | null, body: TimeoutBody<T>): Awaitable<T> {
  if (ms !== null) checkDelay("withTimeout(ms)", ms);
  checkBody(body);
  return lazy(() => {
    const task = currentTask();
    const now = task === undefined ? 0 : task.getLoop().time();
    return scoped(ms === null ? null : now + ms, body, now);
  });
}

/**
 * Like {@link withTimeout} with an absolute deadline on the loop clock (`loop.time()`).
 * @example
 * const deadline = getRunningLoop().time() + 10_000;
 * yield* withTimeoutAt(deadline, function* () { yield* step1(); yield* step2(); });
 */
export function withTimeoutAt<T>(when: number | null, body: TimeoutBody<T>): Awaitable<T> {
  if (when !== null && (typeof when !== "number" || Number.isNaN(when))) throw RangeErrorFor("withTimeoutAt(when)", "a time on the loop clock or null", when);
  checkBody(body);
  return lazy(() => scoped(when, body));
}
