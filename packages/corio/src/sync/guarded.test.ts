import { describe, expect, it } from "vitest";
import { CancelledError, createTask, getRunningLoop, Lock, run, Semaphore, sleep, VirtualClock, type Coro } from "corio";

const go = <T>(main: () => Coro<T>) => run(main, { clock: new VirtualClock() });

describe("with(): Guarded and its plain-generator fast path", () => {
  it("a body whose generator function's prototype defines its own next() is stepped through it", async () => {
    // The fast path calls Generator.prototype.next directly; it must not bypass an override.
    function* body(): Generator<unknown, string, unknown> {
      return "built-in next";
    }
    (body.prototype as { next: unknown }).next = () => ({ done: true, value: "own next" });
    const r = await go(function* () {
      const lock = new Lock();
      const v = yield* lock.with(body);
      return [v, lock.locked()];
    });
    expect(r).toEqual(["own next", false]);
  });

  it("an own throw() or return() on the body's prototype is used too", async () => {
    const log: string[] = [];
    function* body(): Generator<unknown, void, unknown> {
      for (;;) yield* sleep(0); // runnable, not parked: a cancel is thrown in with throw()
    }
    const proto = body.prototype as Record<string, unknown>;
    const gp = Object.getPrototypeOf(proto) as Generator;
    proto.throw = function (this: Generator, e: unknown) { log.push("own throw"); return gp.throw.call(this, e); };
    const locked = await go(function* () {
      const lock = new Lock();
      const t = createTask(lock.with(body));
      yield* sleep(0); // the body spins on sleep(0): a virtual clock never moves meanwhile
      yield* sleep(0);
      t.cancel();
      try { yield* t; } catch { /* cancelled */ }
      return lock.locked();
    });
    expect([locked, log]).toEqual([false, ["own throw"]]);

    function* yielding(): Generator<unknown, void, unknown> {
      yield "inside";
    }
    (yielding.prototype as Record<string, unknown>).return = function (this: Generator, v: unknown) {
      log.push("own return");
      return gp.return.call(this, v);
    };
    const lock = new Lock();
    const it = (function* () { yield* lock.with(yielding); })();
    it.next(); // uncontended: no loop needed
    it.return(undefined);
    expect([lock.locked(), log]).toEqual([false, ["own throw", "own return"]]);
  });

  it("a body that returns a non-generator awaitable (a Future, a sleep) works, and releases", async () => {
    const r = await go(function* () {
      const lock = new Lock();
      const fut = getRunningLoop().createFuture<string>();
      const waiter = createTask(lock.with(function* () { return "second"; }));
      getRunningLoop().callLater(5, () => fut.setResult("first"));
      const a = yield* lock.with(() => fut);
      const b = yield* lock.with(() => sleep(1, "slept"));
      return [a, b, yield* waiter, lock.locked()];
    });
    expect(r).toEqual(["first", "slept", "second", false]);
  });

  it("each yield* of one with() runs the body again; await runs it once", async () => {
    const r = await go(function* () {
      const sem = new Semaphore(1);
      let runs = 0;
      const op = sem.with(function* () { yield* sleep(1); return ++runs; });
      const a = yield* op;
      const b = yield* op;
      const c = yield* createTask(async () => [await op, await op]);
      return [a, b, c, runs, sem.locked()];
    });
    expect(r).toEqual([1, 2, [3, 3], 3, false]);
  });

  it("return() on the outer generator runs the body's finally and releases (both paths)", () => {
    for (const override of [false, true]) {
      const lock = new Lock();
      const log: string[] = [];
      function* body(): Generator<unknown, void, unknown> {
        try {
          yield "inside";
        } finally {
          log.push(`finally locked=${lock.locked()}`);
        }
      }
      if (override) {
        // Generic path: the same behaviour through the iterator's own methods.
        const proto = body.prototype as Record<string, unknown>;
        const gp = Object.getPrototypeOf(proto) as Generator;
        proto.next = function (this: Generator) { return gp.next.call(this); };
      }
      function* outer(): Generator<unknown, void, unknown> {
        yield* lock.with(body);
      }
      const it = outer();
      expect(it.next()).toEqual({ done: false, value: "inside" }); // uncontended: no loop needed
      expect(lock.locked()).toBe(true);
      it.return(undefined);
      expect(log).toEqual(["finally locked=true"]);
      expect(lock.locked()).toBe(false);
    }
  });

  it("a cancel thrown in at the body's yield* reaches the body's catch, then the lock is released", async () => {
    const r = await go(function* () {
      const lock = new Lock();
      const log: string[] = [];
      const t = createTask(lock.with(function* () {
        try {
          yield* sleep(100);
        } catch (e) {
          log.push(e instanceof CancelledError ? "body saw cancel" : "?");
          throw e;
        }
      }));
      yield* sleep(1);
      t.cancel();
      try { yield* t; } catch { /* cancelled */ }
      return [log, lock.locked(), t.cancelled()];
    });
    expect(r).toEqual([["body saw cancel"], false, true]);
  });

  it("results of waits that end in the same turn do not get mixed up (shared result objects)", async () => {
    const r = await go(function* () {
      const sem = new Semaphore(0);
      const loop = getRunningLoop();
      const futs = [0, 1, 2].map(() => loop.createFuture<number>());
      const tasks = [0, 1, 2].map((i) =>
        createTask(function* () {
          const got = yield* sem.acquire();
          const v = yield* futs[i]!;
          const s = yield* sleep(0, `s${i}`);
          sem.release();
          return [got, v, s];
        }),
      );
      yield* sleep(0);
      sem.release();
      sem.release();
      sem.release();
      futs.forEach((f, i) => f.setResult(i * 10));
      const out = [];
      for (const t of tasks) out.push(yield* t);
      return out;
    });
    expect(r).toEqual([[true, 0, "s0"], [true, 10, "s1"], [true, 20, "s2"]]);
  });
});
