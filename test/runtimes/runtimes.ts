/**
 * The runtimes `npm run test:runtimes` runs corio's core tests on, and the tests each one
 * skips by name, with the reason. Names are "file > describe > it" (a prefix skips all under it).
 * @module
 */

/** The core's test files run everywhere: tasks, composition, scopes, sync, queues, the loop and its VirtualClock. */
export const CORE_TEST_DIRS = ["task", "compose", "scopes", "sync", "queues", "loop", "internal", "introspect"] as const;

/** Files left out of a runtime entirely (they import what it does not have). */
export const FILE_SKIPS: Record<Runtime, Record<string, string>> = {
  bun: {},
  deno: {},
  chromium: {
    "task/async-cancel.test.ts": "opens TCP sockets (node:net); a page has none",
  },
};

const UNMAPPED_STACKS = "matches the test file's name in Error.stack; %s does not map a bundle's stack frames back through its source map";
const stackSkips = (runtime: string): Record<string, string> => {
  const reason = UNMAPPED_STACKS.replace("%s", runtime);
  return {
    "introspect/annotate-error.test.ts > an error escaping a task carries its await chain > shows the TaskGroup and, in debug mode, where the parent waits": reason,
    "introspect/call-graph.test.ts > captureCallGraph > follows gather, TaskGroup and shield up to the root": reason,
    "introspect/call-graph.test.ts > captureCallGraph > debug mode records the user's yield* line of a suspended task": reason,
  };
};

const CHILD_SIGINT = "task/run.test.ts > run and the program's own SIGINT handler";
/** test/support/child.ts is Node's: it runs `process.execPath --import tsx` and finds corio from the test file's URL, which the bundle replaces. */
const CHILD_REASON = "starts its child program with Node's flags (--import tsx) and finds corio by the test file's own URL, which a bundle does not keep";

/** Single tests skipped per runtime. */
export const TEST_SKIPS: Record<Runtime, Record<string, string>> = {
  bun: { ...stackSkips("Bun"), [CHILD_SIGINT]: CHILD_REASON },
  deno: { [CHILD_SIGINT]: CHILD_REASON },
  chromium: {
    ...stackSkips("Chromium"),
    "sync/await-form.test.ts":
      "cancels async functions at their awaits and counts on setImmediate: a page has neither AsyncLocalStorage (an async task there is cancelled through its signal only, docs/runtimes.md) nor setImmediate",
    "loop/event-loop.test.ts > EventLoop scheduling > lets Node I/O run while a task spins on sleep(0)": "measures how Node's setImmediate callbacks interleave with the loop; a page has no setImmediate",
    "loop/event-loop.test.ts > EventLoop scheduling > without autojump the virtual clock moves only on advance()": "the test waits with Node's setImmediate",
    "loop/event-loop.test.ts > exception handler > receives errors thrown by callbacks; the default prints to stderr": "spies on process.stderr; a page has no process",
    "loop/event-loop.test.ts > exception handler > falls back to the default handler when the handler itself throws": "spies on process.stderr; a page has no process",
    "loop/event-loop.test.ts > signal handlers": "process signals; in a page addSignalHandler throws NotSupportedError by design",
    "loop/event-loop.test.ts > debug mode > is off by default and switchable": "sets CORIO_DEBUG in process.env; a page has no environment",
    [CHILD_SIGINT]: "sends a real SIGINT to a child process; a page has neither",
    "task/run.test.ts > run > first SIGINT cancels main (its cleanup runs) and rejects with KeyboardInterrupt": "emits SIGINT on Node's process; a page has no process signals",
    "task/run.test.ts > run > a second SIGINT exits the process at once with code 130": "watches process.exit; a page has no process",
  },
};

export type Runtime = "bun" | "deno" | "chromium";
export const RUNTIMES: readonly Runtime[] = ["bun", "deno", "chromium"];
