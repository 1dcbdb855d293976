/**
 * corio — Python's asyncio, done right for TypeScript.
 *
 * Coroutines are generators (`function*`, `yield*`), driven by an event loop with a FIFO
 * ready queue and a timer heap; tasks are cancelled at the exact point they wait; every
 * awaitable is also a `PromiseLike`. This file is the whole public API: it only re-exports.
 *
 * @example
 * import { run, sleep, gather } from "corio";
 * function* fetchOne(i: number) { yield* sleep(100); return i * 2; }
 * const results = await run(function* () { return yield* gather([fetchOne(1), fetchOne(2)]); });
 * @module corio
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
  isCancelled,
} from "./errors.js";

export type { Coro, Awaitable, AwaitedResult } from "./task/awaitable.js";

export { EventLoop, type EventLoopOptions } from "./loop/event-loop.js";
export type { UnhandledErrors } from "./loop/unhandled.js";
export { Handle, TimerHandle } from "./loop/handles.js";
export { RealClock, type Clock } from "./loop/clock.js";
export { VirtualClock, type VirtualClockOptions } from "./loop/virtual-clock.js";
export { getRunningLoop } from "./loop/running-loop.js";
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

export { StreamReader, DEFAULT_LIMIT, type StreamReaderOptions, type Separator, type ReadFlowControl } from "./streams/stream-reader.js";
export { StreamWriter, type ExtraInfoKey } from "./streams/stream-writer.js";
export { openConnection, openUnixConnection, type OpenConnectionOptions } from "./streams/connection.js";
export { startServer, startUnixServer, Server, type ClientConnectedHandler, type StartServerOptions } from "./streams/server.js";
export { createSubprocessExec, createSubprocessShell, PIPE, STDOUT, DEVNULL, type SubprocessOptions, type StdioOption } from "./subprocess/spawn.js";
export { Process } from "./subprocess/process.js";
export { withProcess, type WithProcessOptions } from "./subprocess/with-process.js";
export { ThreadPoolExecutor, type ThreadPoolExecutorOptions, type ShutdownOptions } from "./executor/thread-pool.js";
export { toThread, type WorkerFunction } from "./executor/to-thread.js";
export { transfer, Transfer } from "./executor/transfer.js";
