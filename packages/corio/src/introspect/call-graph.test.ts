import { describe, expect, it } from "vitest";
import {
  Condition, Event, Lock, Queue, Semaphore, VirtualClock, allTasks, call, captureCallGraph, createTask, currentTask, formatCallGraph,
  gather, printCallGraph, run, shield, sleep, wait, waitFor, withTaskGroup, type Task,
} from "corio";

const clock = () => new VirtualClock();

describe("task.state / waitingOn / parent", () => {
  it("describe what each task waits on", async () => {
    const seen = await run(function* () {
      const lock = new Lock();
      const queue = new Queue<number>();
      const event = new Event();
      const cond = new Condition();
      const sem = new Semaphore(0);
      yield* lock.acquire();
      const never = new Promise<never>(() => {});
      const tasks = {
        sleeper: createTask(sleep(1500), { name: "sleeper" }),
        locker: createTask(lock.acquire(), { name: "locker" }),
        getter: createTask(queue.get(), { name: "getter" }),
        eventer: createTask(event.wait(), { name: "eventer" }),
        conder: createTask(function* () { yield* cond.with(function* () { yield* cond.wait(); }); }, { name: "conder" }),
        semmer: createTask(sem.acquire(), { name: "semmer" }),
        caller: createTask(function* () { yield* call(never); }, { name: "caller" }),
      };
      const awaiter = createTask(function* () { yield* tasks.sleeper; }, { name: "awaiter" });
      for (let i = 0; i < 4; i++) yield* sleep(0);
      const out: Record<string, [string, string | null, string | undefined]> = {};
      for (const [k, t] of Object.entries({ ...tasks, awaiter })) out[k] = [t.state, t.waitingOn, t.parent?.getName()];
      out["me"] = [currentTask()!.state, currentTask()!.waitingOn, undefined];
      for (const t of allTasks()) if (t !== currentTask()) t.cancel();
      return out;
    }, { clock: clock() });
    expect(seen["sleeper"]).toEqual(["waiting", "sleep until 1500 ms", "awaiter"]);
    expect(seen["locker"]![1]).toMatch(/^Lock#\d+\.acquire$/);
    expect(seen["getter"]).toEqual(["waiting", "Queue.get", undefined]);
    expect(seen["eventer"]![1]).toMatch(/^Event#\d+\.wait$/);
    expect(seen["conder"]![1]).toBe("Condition.wait");
    expect(seen["semmer"]![1]).toMatch(/^Semaphore#\d+\.acquire$/);
    expect(seen["caller"]![1]).toBe("promise");
    expect(seen["awaiter"]).toEqual(["waiting", 'Task "sleeper"', undefined]);
    expect(seen["me"]).toEqual(["running", null, undefined]);
  });

  it("a lock keeps its number across descriptions", async () => {
    const labels = await run(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const a = createTask(lock.acquire());
      const b = createTask(lock.acquire());
      yield* sleep(0);
      const r = [a.waitingOn, b.waitingOn];
      a.cancel();
      b.cancel();
      return r;
    }, { clock: clock() });
    expect(labels[0]).toBe(labels[1]);
  });

  it("done, failed, cancelled and pending states", async () => {
    const states = await run(function* () {
      const ok = createTask(sleep(1));
      const bad = createTask(function* () { yield* sleep(1); throw new Error("boom"); });
      const gone = createTask(sleep(10));
      const fresh = createTask(sleep(10));
      const freshState = fresh.state;
      gone.cancel();
      yield* sleep(5);
      bad.exception();
      fresh.cancel();
      return [freshState, ok.state, bad.state, gone.state, ok.waitingOn];
    }, { clock: clock() });
    expect(states).toEqual(["pending", "done", "failed", "cancelled", null]);
  });

  it("a TaskGroup child's parent is the task running the group", async () => {
    const parents = await run(function* () {
      return yield* withTaskGroup(function* (tg) {
        const a = tg.createTask(sleep(5), { name: "a" });
        const b = tg.createTask(sleep(5), { name: "b" });
        yield* sleep(0);
        return [a.parent?.getName(), b.parent?.getName()];
      });
    }, { clock: clock(), name: "root" });
    expect(parents).toEqual(["root", "root"]);
  });

  it("an async-function task waits on a promise", async () => {
    const seen = await run(function* () {
      let release!: () => void;
      const t = createTask(async () => { await new Promise<void>((r) => (release = r)); });
      yield* sleep(0);
      const r = [t.state, t.waitingOn];
      release();
      yield* t;
      return r;
    });
    expect(seen).toEqual(["waiting", "promise (async function)"]);
  });
});

describe("captureCallGraph", () => {
  it("is undefined outside a task", () => {
    expect(captureCallGraph()).toBeUndefined();
    expect(formatCallGraph()).toBe("");
  });

  it("follows gather, TaskGroup and shield up to the root", async () => {
    const graph = await run(function* () {
      let inner: Task<unknown> | undefined;
      let g: ReturnType<typeof captureCallGraph>;
      yield* withTaskGroup(function* (tg) {
        tg.createTask(function* () {
          yield* gather([
            function* () {
              yield* shield(createTask(function* () {
                inner = currentTask();
                yield* sleep(1);
                g = captureCallGraph();
              }, { name: "leaf" }));
            }(),
          ]);
        }, { name: "gatherer" });
      });
      void inner;
      return g!;
    }, { clock: clock(), name: "root" });
    const chain: string[] = [];
    for (let g = graph; g !== undefined; g = g.awaitedBy[0]!) {
      chain.push(`${g.name}${g.via ? `<${g.via}>` : ""}`);
      if (g.awaitedBy.length === 0) break;
    }
    expect(chain[0]).toBe("leaf");
    expect(chain).toContain("root<TaskGroup>");
    expect(graph.awaitedBy[0]!.via).toBe("shield");
    expect(chain.some((c) => c.endsWith("<gather>"))).toBe(true);
    expect(graph.state).toBe("running");
    // The running task's own frames are known without debug mode: this test file is among them.
    expect(graph.frames.some((f) => f.includes("call-graph.test.ts"))).toBe(true);
  });

  it("wait: the waiting task is the parent", async () => {
    const via = await run(function* () {
      const inner = createTask(sleep(100), { name: "inner" });
      const w = createTask(function* () { yield* wait([inner]); }, { name: "waiter" });
      yield* sleep(1);
      const g = captureCallGraph(inner)!;
      w.cancel();
      inner.cancel();
      return [inner.parent?.getName(), g.awaitedBy[0]?.via];
    }, { clock: clock() });
    expect(via).toEqual(["waiter", "wait"]);
  });

  it("waitFor: the waiting task awaits the inner task", async () => {
    const text = await run(function* () {
      const inner = createTask(sleep(100), { name: "inner" });
      const w = createTask(function* () { yield* waitFor(inner, 1000); }, { name: "waiter" });
      yield* sleep(1);
      const t = formatCallGraph(inner);
      w.cancel();
      return t;
    }, { clock: clock() });
    expect(text).toMatch(/^\* Task "inner" #\d+ waiting on sleep until 100 ms\n {2}\+ awaited by:\n {4}\* Task "waiter" #\d+ waiting on Task "inner"\n$/);
  });

  it("debug mode records the user's yield* line of a suspended task", async () => {
    const text = await run(function* () {
      function* parkedHere() {
        yield* sleep(50); // the line the graph must show
      }
      const child = createTask(parkedHere(), { name: "child" });
      yield* sleep(1);
      return formatCallGraph(child);
    }, { clock: clock(), debug: true });
    expect(text).toMatch(/\|\s+at parkedHere \(.*call-graph\.test\.ts:\d+:\d+\)/);
    expect(text).not.toMatch(/packages\/corio\/src\/(task|loop)\//);
  });

  it("without debug mode a suspended task has no frames", async () => {
    const frames = await run(function* () {
      const child = createTask(function* () { yield* sleep(50); }, { name: "child" });
      yield* sleep(1);
      return captureCallGraph(child)!.frames;
    }, { clock: clock(), debug: false });
    expect(frames).toEqual([]);
  });

  it("printCallGraph writes the formatted graph", async () => {
    let out = "";
    await run(function* () {
      printCallGraph(undefined, (t) => (out += t));
      yield* sleep(0);
    }, { clock: clock(), name: "printer" });
    expect(out).toMatch(/^\* Task "printer" #\d+ running\n/);
  });
});
