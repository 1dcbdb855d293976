/**
 * Debug mode reports an awaitable corio handed out that was never yielded nor awaited (a
 * forgotten `yield*`), with the line that created it: when it is garbage-collected, or at
 * exit if it never was. Child processes: only they show collection and exit reports.
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "../support/child.js";

const COLLECT = `async function collect() {
  for (let i = 0; i < 5; i++) {
    globalThis.gc!();
    await new Promise((r) => setTimeout(r, 10));
  }
}
`;

/** The 1-based line of `needle` in `source`. */
function lineOf(source: string, needle: string): number {
  const i = source.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`not in the program: ${needle}`);
  return i + 1;
}

function forgotten(what: string, line: number): RegExp {
  const escaped = what.replace(/[()[\].*+?^$|\\]/g, "\\$&");
  return new RegExp(`^${escaped} created at .*program\\.mts:${line}:\\d+ was never yielded \\(did you forget yield\\*\\?\\)$`, "m");
}

describe.concurrent("debug mode: a forgotten yield*", () => {
  it("is reported when the awaitable is collected, naming what and where", async () => {
    const source = `import { call, Event, Lock, Queue, run, sleep, withTimeout } from "corio";
${COLLECT}
await run(function* () {
  const lock = new Lock();
  const q = new Queue<number>(1);
  sleep(100);
  lock.acquire();
  q.get();
  q.put(1);
  withTimeout(10, function* () {});
  new Event().wait();
  call(Promise.resolve(1));
  lock.with(function* () {});
  yield* sleep(1);
  yield* call(collect());
  process.stderr.write("collected\\n");
}, { debug: true, slowStepMs: 60_000 }); // no slow-step reports on a busy machine
`;
    const r = await runProgram(source, { gc: true });
    const expected: [string, string][] = [
      ["sleep(100)", "sleep(100);"],
      ["Lock.acquire()", "lock.acquire();"],
      ["Queue.get()", "q.get();"],
      ["Queue.put()", "q.put(1);"],
      ["withTimeout()", "withTimeout(10"],
      ["Event.wait()", "new Event().wait();"],
      ["call()", "call(Promise.resolve(1));"],
      ["Lock.with()", "lock.with("],
    ];
    const beforeCollected = r.stderr.slice(0, r.stderr.indexOf("collected\n"));
    for (const [what, code] of expected) expect(beforeCollected).toMatch(forgotten(what, lineOf(source, code)));
    expect(r.stderr.match(/never yielded/g)).toHaveLength(expected.length);
    expect(r.code).toBe(0);
  });

  it("is reported at exit when no collection came first (CORIO_DEBUG=1, default loop)", async () => {
    const source = `import { sleep } from "corio";
await sleep(1);
const forgottenSleep = sleep(100);
process.stderr.write("end of program\\n");
`;
    const r = await runProgram(source, { env: { CORIO_DEBUG: "1" } });
    expect(r.stderr).toMatch(forgotten("sleep(100)", 3));
    expect(r.stderr.indexOf("end of program")).toBeLessThan(r.stderr.indexOf("never yielded"));
    expect(r.code).toBe(0);
  });

  it("is not reported for awaitables that were used, however they were used", async () => {
    const source = `import { asCompleted, call, createTask, gather, Lock, Queue, run, Semaphore, sleep, waitFor, withTimeout } from "corio";
${COLLECT}
await run(function* () {
  const lock = new Lock();
  const sem = new Semaphore(1);
  const q = new Queue<number>();
  yield* sleep(1);
  yield* sleep(0);
  yield* lock.acquire();
  lock.release();
  yield* lock.with(function* () {});
  { using _held = yield* sem.hold(); }
  yield* q.put(1);
  yield* q.get();
  const stored = sleep(2);
  yield* stored;
  yield* createTask(sleep(1));
  yield* gather([sleep(1), call(Promise.resolve(2))]);
  yield* waitFor(sleep(1), 100);
  yield* withTimeout(100, function* () { yield* sleep(1); });
  for (const next of asCompleted([createTask(sleep(1)), createTask(sleep(2))])) {
    yield* next;
    break; // the rest of asCompleted is left unused on purpose: not a mistake
  }
  yield* call(async () => {
    await sleep(1);
    await Promise.race([sleep(1), sleep(5)]);
    await q.put(3);
    await q.get();
  });
  yield* call(collect());
}, { debug: true, slowStepMs: 60_000 }); // no slow-step reports on a busy machine
`;
    const r = await runProgram(source, { gc: true });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("is not reported outside debug mode", async () => {
    const source = `import { Lock, run, sleep, call } from "corio";
${COLLECT}
const keep = sleep(100);
await run(function* () {
  sleep(100);
  new Lock().acquire();
  yield* call(collect());
});
`;
    const r = await runProgram(source, { gc: true });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
