/**
 * Pins the public API: `index.ts` exports exactly the names of DESIGN.md plus the
 * documented extras below — nothing leaks, nothing vanishes (Trio's test_exports).
 */
import { describe, expect, it } from "vitest";
import * as corio from "corio";
import * as core from "corio/core";
import * as node from "corio/node";

/** Names DESIGN.md §1–§5 fixes. */
const DESIGN = [
  // §1–§2 coroutines, loop, tasks, futures
  "call", "EventLoop", "RealClock", "VirtualClock", "run", "getRunningLoop", "currentTask", "allTasks",
  "Future", "createTask", "Task",
  // §3 composition
  "sleep", "gather", "wait", "waitFor", "asCompleted", "shield", "withTimeout", "withTimeoutAt", "withTaskGroup",
  "FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED",
  // §3 errors
  "CancelledError", "TimeoutError", "InvalidStateError", "ExceptionGroup", "QueueEmpty", "QueueFull", "QueueShutDown",
  "BrokenBarrierError", "IncompleteReadError", "LimitOverrunError", "RuntimeError", "KeyboardInterrupt", "isCancelled",
  // §4 synchronization and queues
  "Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier", "Queue", "PriorityQueue", "LifoQueue",
  // §5 I/O
  "openConnection", "openUnixConnection", "startServer", "StreamReader", "StreamWriter", "Server",
  "createSubprocessExec", "createSubprocessShell", "Process", "PIPE", "STDOUT", "DEVNULL", "toThread", "ThreadPoolExecutor",
];

/** Exported beyond DESIGN.md, each documented in its module. */
const EXTRAS = [
  "Handle", "TimerHandle", // what callSoon/callLater return (asyncio.Handle, TimerHandle)
  "GatheringFuture", "TimeoutScope", "TaskGroup", // the objects gather/withTimeout/withTaskGroup hand out
  "naturalOrder", // PriorityQueue's default compare
  "DEFAULT_LIMIT", "startUnixServer", // streams: asyncio's _DEFAULT_LIMIT, start_unix_server
  "transfer", "Transfer", // executor arguments whose ArrayBuffers move to the worker instead of being copied
  "withProcess", // a subprocess that is always reaped (issue 4's "never leak a child")
  "captureCallGraph", "formatCallGraph", "printCallGraph", "formatTaskTree", // asyncio 3.14's call-graph introspection (docs/introspection.md)
  "NotSupportedError", // what a runtime lacks: worker threads, signals in a browser (docs/runtimes.md)
];

/** What only `corio/node` has (docs/runtimes.md): everything else is the universal core. */
const NODE_ONLY = [
  "openConnection", "openUnixConnection", "startServer", "startUnixServer", "StreamReader", "StreamWriter", "Server", "DEFAULT_LIMIT",
  "createSubprocessExec", "createSubprocessShell", "Process", "PIPE", "STDOUT", "DEVNULL", "withProcess", "toThread", "ThreadPoolExecutor", "transfer", "Transfer",
];

describe("public API", () => {
  it("exports exactly DESIGN.md's names plus the documented extras", () => {
    expect(Object.keys(corio).sort()).toEqual([...DESIGN, ...EXTRAS].sort());
  });

  it("every exported function and class is defined", () => {
    for (const name of [...DESIGN, ...EXTRAS]) expect((corio as Record<string, unknown>)[name], name).toBeDefined();
  });
});

describe("entry points", () => {
  it("corio is corio/core plus corio/node, and they share no name", () => {
    expect(Object.keys(node).sort()).toEqual([...NODE_ONLY].sort());
    expect(Object.keys(core).sort()).toEqual([...DESIGN, ...EXTRAS].filter((n) => !NODE_ONLY.includes(n)).sort());
    for (const name of Object.keys(corio)) {
      expect((corio as Record<string, unknown>)[name], name).toBe((core as Record<string, unknown>)[name] ?? (node as Record<string, unknown>)[name]);
    }
  });
});
