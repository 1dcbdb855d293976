/**
 * corio's universal core: the event loop, tasks, composition (`gather`, `wait`…), scopes
 * (`withTaskGroup`, `withTimeout`), locks and queues, `VirtualClock` and the errors. It
 * imports no `node:` module and uses no Node global, so it runs as is in browsers, web
 * workers, Deno and Bun. Streams, subprocesses, worker threads and signal handling are in
 * `corio/node`; `corio` under Node is both. See docs/runtimes.md.
 *
 * @example
 * import { run, sleep, withTimeout } from "corio/core";
 * const answer = await run(function* () {
 *   return yield* withTimeout(1000, function* () { yield* sleep(10); return 42; });
 * });
 * @module corio/core
 */

export {
  CancelledError,
  TimeoutError,
  InvalidStateError,
  RuntimeError,
  KeyboardInterrupt,
  ExceptionGroup,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  BrokenBarrierError,
  IncompleteReadError,
  LimitOverrunError,
  NotSupportedError,
  isCancelled,
} from "./errors.js";

export type { Coro, Awaitable, AwaitedResult } from "./task/awaitable.js";

export { EventLoop, type EventLoopOptions } from "./loop/event-loop.js";
export type { UnhandledErrors } from "./loop/unhandled.js";
export { Handle, TimerHandle } from "./loop/handles.js";
export { RealClock, type Clock } from "./loop/clock.js";
export { VirtualClock, type VirtualClockOptions } from "./loop/virtual-clock.js";
export { getRunningLoop } from "./loop/running-loop.js";
export type { SignalName, LoopExecutor } from "./host/host.js";
export type { ExceptionContext, ExceptionHandler } from "./loop/exception-handler.js";

export { Future, type DoneCallback } from "./task/future.js";
export { Task, createTask, currentTask, allTasks, type TaskSource, type TaskOptions } from "./task/task.js";
export { run, type RunOptions } from "./task/run.js";
export type { TaskState } from "./introspect/task-info.js";
export { captureCallGraph, formatCallGraph, printCallGraph, type CallGraph } from "./introspect/call-graph.js";
export type { ErrorCallGraph } from "./introspect/annotate-error.js";
export { formatTaskTree } from "./introspect/format-ps.js";
export { sleep } from "./task/sleep.js";
export { call } from "./task/call.js";

export { gather, GatheringFuture } from "./compose/gather.js";
export { wait, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, type ReturnWhen, type WaitOptions } from "./compose/wait.js";
export { waitFor } from "./compose/wait-for.js";
export { asCompleted } from "./compose/as-completed.js";
export { shield } from "./compose/shield.js";
export type { AwaitableLike } from "./compose/ensure-future.js";

export { withTimeout, withTimeoutAt, TimeoutScope, type TimeoutBody } from "./scopes/timeout.js";
export { withTaskGroup, TaskGroup, type TaskGroupBody } from "./scopes/task-group.js";

export { Lock } from "./sync/lock.js";
export { Event } from "./sync/event.js";
export { Condition } from "./sync/condition.js";
export { Semaphore, BoundedSemaphore } from "./sync/semaphore.js";
export { Barrier } from "./sync/barrier.js";
export type { WithBody } from "./sync/waiters.js";
export type { Held } from "./sync/held.js";
export { Queue } from "./queues/queue.js";
export { PriorityQueue, naturalOrder } from "./queues/priority-queue.js";
export { LifoQueue } from "./queues/lifo-queue.js";
