import { describe, expect, it } from "vitest";
import {
  CancelledError,
  EventLoop,
  RuntimeError,
  Task,
  VirtualClock,
  allTasks,
  createTask,
  currentTask,
  getRunningLoop,
  isCancelled,
  run,
  sleep,
  call,
} from "corio";
import { Recorder, runVirtual, now } from "../../test/support/record.js";

describe("createTask", () => {
  it("takes its first step on a later loop turn, never synchronously", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const t = createTask(function* () {
        rec.add("child runs");
      });
      rec.add("after createTask");
      yield* t;
    });
    expect(rec.events).toEqual(["after createTask", "child runs"]);
  });

  it("accepts generator objects, generator functions, async functions, promises and awaitables", async () => {
    const out = await runVirtual(function* () {
      const a = createTask((function* () { yield* sleep(1); return "gen"; })());
      const b = createTask(function* () { return "genfn"; });
      const c = createTask(async () => "async");
      const d = createTask(Promise.resolve("promise"));
      const e = createTask(sleep(5, "awaitable"));
      return [yield* a, yield* b, yield* c, yield* d, yield* e];
    });
    expect(out).toEqual(["gen", "genfn", "async", "promise", "awaitable"]);
  });

  it("names tasks and lists pending ones", async () => {
    await runVirtual(function* () {
      const t = createTask(function* () { yield* sleep(10); }, { name: "worker" });
      expect(t.getName()).toBe("worker");
      t.setName("renamed");
      expect(t.getName()).toBe("renamed");
      expect(createTask(function* () {}).getName()).toMatch(/^Task-\d+$/);
      expect([...allTasks()].map((x) => x.getName())).toContain("renamed");
      expect(currentTask()?.getName()).toBe("main");
      yield* t;
      expect(allTasks().has(t as Task<unknown>)).toBe(false);
      expect(t.getCoro()).not.toBeNull();
    });
    expect(currentTask()).toBeUndefined();
  });

  it("refuses what it cannot run", () => {
    expect(() => createTask(42 as never)).toThrow(/expected a coroutine.*got 42/);
  });
});

describe("cancellation", () => {
  it("is thrown in at the suspension point; the task ends cancelled", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const t = createTask(function* () {
        try {
          yield* sleep(10_000);
          rec.add("not reached");
        } catch (e) {
          rec.add(`caught ${(e as Error).name}:${(e as Error).message}`);
          throw e;
        }
      });
      yield* sleep(1000);
      expect(t.cancel("enough")).toBe(true);
      try {
        yield* t;
      } catch (e) {
        rec.add(`awaiter got ${isCancelled(e)}@${now()}`);
      }
      expect(t.cancelled()).toBe(true);
      expect(t.done()).toBe(true);
      expect(t.cancel()).toBe(false);
    });
    expect(rec.events).toEqual(["caught CancelledError:enough", "awaiter got true@1000"]);
  });

  it("before the first step: the coroutine never runs", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const t = createTask(function* () {
        rec.add("ran");
      });
      t.cancel();
      yield* sleep(0);
      yield* sleep(0);
      expect(t.cancelled()).toBe(true);
      const f = createTask(async () => rec.add("async ran"));
      f.cancel();
      yield* sleep(0);
      expect(f.cancelled()).toBe(true);
    });
    expect(rec.events).toEqual([]);
  });

  it("while runnable (after sleep(0)): delivered at the next step", async () => {
    await runVirtual(function* () {
      const t = createTask(function* () {
        yield* sleep(0);
        yield* sleep(0);
      });
      yield* sleep(0); // t is now queued to resume from its first sleep(0)
      t.cancel();
      yield* sleep(0);
      yield* sleep(0);
      expect(t.cancelled()).toBe(true);
    });
  });

  it("lets async cleanup in finally run to its end, then still propagates", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const t = createTask(function* () {
        try {
          yield* sleep(10_000);
        } finally {
          rec.at("cleanup start");
          yield* sleep(500);
          rec.at("cleanup end");
        }
      });
      yield* sleep(100);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        rec.at(`cancelled=${isCancelled(e)}`);
      }
    });
    expect(rec.events).toEqual(["cleanup start@100", "cleanup end@600", "cancelled=true@600"]);
  });

  it("a coroutine that catches CancelledError is not cancelled", async () => {
    const r = await runVirtual(function* () {
      const t = createTask(function* () {
        try {
          yield* sleep(10_000);
        } catch (e) {
          if (!isCancelled(e)) throw e;
          return "swallowed";
        }
        return "slept";
      });
      yield* sleep(1);
      t.cancel();
      return [yield* t, t.cancelled(), t.cancelling()];
    });
    expect(r).toEqual(["swallowed", false, 1]);
  });

  it("each delivery carries its own message", async () => {
    const got = await runVirtual(function* () {
      const messages: string[] = [];
      const t = createTask(function* () {
        for (let i = 0; i < 2; i++) {
          try {
            yield* sleep(0);
            yield* sleep(0);
          } catch (e) {
            messages.push((e as Error).message);
          }
        }
      });
      yield* sleep(0);
      t.cancel("one"); // t is runnable: delivered at its next step
      yield* sleep(0);
      yield* sleep(0);
      t.cancel("two");
      yield* t;
      return messages;
    });
    expect(got).toEqual(["one", "two"]);
  });

  it("counts requests: cancelling() and uncancel()", async () => {
    await runVirtual(function* () {
      const t = createTask(function* () {
        for (;;) {
          try {
            yield* sleep(100);
          } catch {
            /* keeps going */
          }
          if (currentTask()!.cancelling() >= 2) return currentTask()!.uncancel();
        }
      });
      yield* sleep(1);
      t.cancel();
      yield* sleep(1);
      t.cancel();
      expect(yield* t).toBe(1);
    });
  });

  it("cancelling a task that waits on another task cancels the inner one", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const inner = createTask(function* () {
        try {
          yield* sleep(1000);
        } finally {
          rec.add("inner finally");
        }
      });
      const outer = createTask(function* () {
        yield* inner;
      });
      yield* sleep(1);
      outer.cancel();
      yield* sleep(0);
      yield* sleep(0);
      yield* sleep(0);
      expect(inner.cancelled()).toBe(true);
      expect(outer.cancelled()).toBe(true);
    });
    expect(rec.events).toEqual(["inner finally"]);
  });

  it("a cancel right as the coroutine returns ends the task cancelled (asyncio)", async () => {
    await runVirtual(function* () {
      const t = createTask(function* () {
        yield* sleep(0);
        return 1;
      });
      yield* sleep(0);
      t.cancel(); // t is runnable; its next step returns, but the cancel wins
      yield* sleep(0);
      yield* sleep(0);
      expect(t.cancelled()).toBe(true);
    });
  });
});

describe("async-function tasks", () => {
  it("get an AbortSignal; a rejection after abort ends the task cancelled", async () => {
    await runVirtual(function* () {
      let signal: AbortSignal | undefined;
      const t = createTask(async (s) => {
        signal = s;
        await new Promise((_, reject) => s.addEventListener("abort", () => reject(new Error("aborted"))));
      });
      yield* sleep(1);
      t.cancel("bye");
      try {
        yield* t;
      } catch (e) {
        expect(isCancelled(e)).toBe(true);
      }
      expect(signal!.aborted).toBe(true);
      expect(t.cancelled()).toBe(true);
    });
  });

  it("one that resolves anyway after the abort ends with its value", async () => {
    const v = await runVirtual(function* () {
      const t = createTask(async (s) => {
        await new Promise((r) => s.addEventListener("abort", r));
        return "kept going";
      });
      yield* sleep(1);
      t.cancel();
      return yield* t;
    });
    expect(v).toBe("kept going");
  });

  it("a generator task's signal is aborted on cancel too", async () => {
    await runVirtual(function* () {
      let sig: AbortSignal | undefined;
      const t = createTask(function* (signal) {
        sig = signal;
        yield* sleep(1000);
      });
      yield* sleep(1);
      t.cancel();
      yield* sleep(0);
      expect(sig!.aborted).toBe(true);
      expect(t.signal.aborted).toBe(true);
    });
  });
});

describe("misuse", () => {
  it("yielding a non-awaitable throws a TypeError into the coroutine, naming the fix", async () => {
    const messages = await runVirtual(function* () {
      const out: string[] = [];
      for (const bad of [42, Promise.resolve(1), sleep(1)]) {
        try {
          yield bad;
        } catch (e) {
          out.push((e as Error).message);
        }
      }
      return out;
    });
    expect(messages[0]).toMatch(/yielded 42, which is not a corio awaitable.*yield\*.*call/);
    expect(messages[1]).toMatch(/yielded a promise: wrap it with `yield\* call\(promise\)`/);
    expect(messages[2]).toMatch(/with `yield`: wait for it with `yield\*`/);
  });

  it("a task awaiting itself gets a RuntimeError", async () => {
    await runVirtual(function* () {
      const t: Task<void> = createTask(function* () {
        yield* t;
      });
      let err: unknown;
      try {
        yield* t;
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RuntimeError);
      expect((err as Error).message).toMatch(/cannot await on itself/);
    });
  });

  it("a future from another loop is refused", async () => {
    const other = new EventLoop({ clock: new VirtualClock() });
    await runVirtual(function* () {
      const f = other.createFuture<void>();
      try {
        yield* f;
      } catch (e) {
        expect((e as Error).message).toMatch(/different loop/);
        return;
      }
      throw new Error("not refused");
    });
    other.close();
  });
});

describe("call", () => {
  it("brings a promise in, and its rejection", async () => {
    await runVirtual(function* () {
      expect(yield* call(Promise.resolve(5))).toBe(5);
      expect(yield* call(async () => 6)).toBe(6);
      try {
        yield* call(Promise.reject(new Error("no")));
      } catch (e) {
        expect((e as Error).message).toBe("no");
      }
      expect(() => call(7 as never)).toThrow(TypeError);
    });
  });

  it("on cancel aborts the signal and raises CancelledError at once", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      let signal: AbortSignal | undefined;
      const t = createTask(function* () {
        try {
          yield* call((s) => {
            signal = s;
            return new Promise(() => {}); // never settles
          });
        } catch (e) {
          rec.at(`got ${(e as Error).name}`);
          throw e;
        }
      });
      yield* sleep(50);
      t.cancel();
      yield* sleep(0);
      yield* sleep(0);
      expect(signal!.aborted).toBe(true);
      expect(t.cancelled()).toBe(true);
    });
    expect(rec.events).toEqual(["got CancelledError@50"]);
  });

  it("works with await from plain async code", async () => {
    expect(await call(Promise.resolve("x"))).toBe("x");
    expect(await call(async (s) => s.aborted)).toBe(false);
  });
});

describe("the default loop", () => {
  it("serves plain async code outside run()", async () => {
    const t = createTask(function* () {
      yield* sleep(1);
      return getRunningLoop();
    });
    const loop = await t;
    expect(loop).toBe(getRunningLoop());
    expect(await sleep(1, "v")).toBe("v");
    expect(await sleep(0, "zero")).toBe("zero");
  });

  it("run() uses its own loop and getRunningLoop() sees it", async () => {
    const outside = getRunningLoop();
    const inside = await run(function* () { return getRunningLoop(); }, { handleSignals: false });
    expect(inside).not.toBe(outside);
    expect(inside.isClosed()).toBe(true);
  });
});

describe("Task is a Future", () => {
  it("exposes its result to done callbacks and await", async () => {
    const seen: string[] = [];
    const r = await runVirtual(async () => {
      const t = createTask(function* () { yield* sleep(5); return "r"; });
      t.addDoneCallback((f) => seen.push(`${f.result()}`));
      const v = await t;
      await sleep(0);
      return v;
    });
    expect(r).toBe("r");
    expect(seen).toEqual(["r"]);
  });

  it("describes itself", async () => {
    await runVirtual(function* () {
      const t = createTask(function* () {}, { name: "x" });
      expect(t.describe()).toBe('Task "x"<pending>');
      yield* t;
      expect(String(t)).toBe('Task "x"<finished>');
      const c = createTask(function* () { yield* sleep(5); });
      c.cancel();
      yield* sleep(10);
      expect(c.describe()).toBe('Task "Task-' + c.getName().slice(5) + '"<cancelled>');
      expect(c).toBeInstanceOf(Task);
      expect(c.exception).toBeDefined();
      expect(() => c.result()).toThrow(CancelledError);
    });
  });
});
