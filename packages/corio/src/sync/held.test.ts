import { describe, expect, it } from "vitest";
import { CancelledError, Condition, createTask, Lock, run, Semaphore, sleep, VirtualClock, type Held } from "corio";

describe("hold() with `using`", () => {
  it("holds the lock for the block and releases it at the end", async () => {
    await run(function* () {
      const lock = new Lock();
      function* critical(): Generator<unknown, boolean, unknown> {
        using h = yield* lock.hold();
        expect(h.held).toBe(true);
        expect(lock.locked()).toBe(true);
        yield* sleep(0);
        return lock.locked();
      }
      expect(yield* critical()).toBe(true);
      expect(lock.locked()).toBe(false);
    });
  });

  it("releases when the block throws", async () => {
    await run(function* () {
      const sem = new Semaphore(1);
      function* failing(): Generator<unknown, void, unknown> {
        using _ = yield* sem.hold();
        yield* sleep(0);
        throw new Error("boom");
      }
      const t = createTask(failing());
      yield* sleep(0);
      expect(sem.locked()).toBe(true);
      yield* sleep(0);
      expect(t.done()).toBe(true);
      expect(() => t.result()).toThrow("boom");
      expect(sem.locked()).toBe(false);
    });
  });

  it("a task cancelled inside the block releases; cancelled while waiting it holds nothing", async () => {
    await run(
      function* () {
        const lock = new Lock();
        const order: string[] = [];
        function* user(name: string): Generator<unknown, void, unknown> {
          using _ = yield* lock.hold();
          order.push(name);
          yield* sleep(10);
        }
        const a = createTask(user("a"));
        const b = createTask(user("b"));
        const c = createTask(user("c"));
        yield* sleep(1); // a holds the lock, b and c wait
        b.cancel(); // cancelled while waiting: must not take or strand the lock
        a.cancel(); // cancelled inside the block: releases on the way out
        yield* sleep(20);
        expect(a.cancelled() && b.cancelled()).toBe(true);
        expect(c.done() && !c.cancelled()).toBe(true);
        expect(order).toEqual(["a", "c"]);
        expect(lock.locked()).toBe(false);
        expect(lock._waiterCount()).toBe(0);
      },
      { clock: new VirtualClock() },
    );
  });

  it("releasing early makes the end of the block a no-op (no over-release)", async () => {
    await run(function* () {
      const sem = new Semaphore(2);
      {
        using h = yield* sem.hold();
        h.release();
        expect(h.held).toBe(false);
      }
      // two permits, not three: a double release would have let a third acquire through
      yield* sem.acquire();
      yield* sem.acquire();
      expect(sem.locked()).toBe(true);
    });
  });

  it("works with await from async functions", async () => {
    await run(async () => {
      const cond = new Condition();
      {
        using _held: Held = await cond.hold();
        expect(cond.locked()).toBe(true);
      }
      expect(cond.locked()).toBe(false);
    });
  });

  it("FIFO order holds through hold()", async () => {
    await run(
      function* () {
        const lock = new Lock();
        const order: number[] = [];
        function* user(i: number): Generator<unknown, void, unknown> {
          using _ = yield* lock.hold();
          order.push(i);
          yield* sleep(1);
        }
        const tasks = [0, 1, 2, 3, 4].map((i) => createTask(user(i)));
        for (const t of tasks) yield* t;
        expect(order).toEqual([0, 1, 2, 3, 4]);
      },
      { clock: new VirtualClock() },
    );
  });

  it("a cancellation that arrives after the wakeup, before resuming, passes the wakeup on", async () => {
    await run(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const got: string[] = [];
      function* user(name: string): Generator<unknown, void, unknown> {
        using _ = yield* lock.hold();
        got.push(name);
      }
      const b = createTask(user("b"));
      const c = createTask(user("c"));
      yield* sleep(0);
      lock.release(); // wakes b
      b.cancel(); // before b resumes
      yield* sleep(0);
      yield* sleep(0);
      expect(b.cancelled()).toBe(true);
      expect(() => b.result()).toThrow(CancelledError);
      yield* c;
      expect(got).toEqual(["c"]);
      expect(lock.locked()).toBe(false);
    });
  });
});
