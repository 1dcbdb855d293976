import { describe, expect, it } from "vitest";
import { CancelledError, createTask, Lock, run, RuntimeError, sleep, VirtualClock, type Coro } from "corio";

const go = <T>(main: () => Coro<T>) => run(main, { clock: new VirtualClock() });

describe("Lock", () => {
  it("acquire/release/locked; with() returns the body's result and releases on throw", async () => {
    const r = await go(function* () {
      const lock = new Lock();
      const a = yield* lock.acquire();
      const held = lock.locked();
      lock.release();
      const v = yield* lock.with(function* () { yield* sleep(1); return lock.locked() ? "inside" : "?"; });
      let err: unknown;
      try { yield* lock.with(function* () { throw new Error("boom"); }); } catch (e) { err = e; }
      return [a, held, v, (err as Error).message, lock.locked()];
    });
    expect(r).toEqual([true, true, "inside", "boom", false]);
  });

  it("with(): a cancel inside the body runs its async cleanup, then releases once", async () => {
    const r = await go(function* () {
      const lock = new Lock();
      const log: string[] = [];
      const t = createTask(function* () {
        yield* lock.with(function* () {
          try {
            yield* sleep(1000);
          } finally {
            yield* sleep(10); // still holding the lock during async cleanup
            log.push(`cleanup locked=${lock.locked()}`);
          }
        });
      });
      yield* sleep(5);
      t.cancel();
      let cancelled = false;
      try { yield* t; } catch (e) { cancelled = e instanceof CancelledError; }
      log.push(`after locked=${lock.locked()}`);
      let err: unknown;
      try { lock.release(); } catch (e) { err = e; }
      let factoryErr: unknown;
      try { yield* lock.with(() => { throw new Error("factory"); }); } catch (e) { factoryErr = e; }
      return [cancelled, log, err instanceof RuntimeError, (factoryErr as Error).message, lock.locked()];
    });
    expect(r).toEqual([true, ["cleanup locked=true", "after locked=false"], true, "factory", false]);
  });

  it("is strictly FIFO: a releaser that re-acquires at once queues behind the waiter it woke", async () => {
    const log = await go(function* () {
      const lock = new Lock();
      const log: string[] = [];
      yield* lock.acquire();
      const waiter = (n: string) => createTask(function* () { yield* lock.acquire(); log.push(n); lock.release(); });
      const b = waiter("B"), c = waiter("C");
      yield* sleep(0); // B and C park
      lock.release();
      yield* lock.acquire(); // must not barge past B (woken but not yet run) or C
      log.push("A");
      lock.release();
      yield* b; yield* c;
      return log;
    });
    expect(log).toEqual(["B", "C", "A"]);
  });

  it("a waiter woken and then cancelled passes the lock on (nothing stranded)", async () => {
    const r = await go(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const b = createTask(function* () { yield* lock.acquire(); return "B"; });
      const c = createTask(function* () { yield* lock.acquire(); lock.release(); return "C"; });
      yield* sleep(0);
      lock.release(); // wakes B
      b.cancel();     // before B runs
      const rc = yield* c;
      return [b.cancelled(), rc, lock.locked(), lock._waiterCount()];
    });
    expect(r).toEqual([true, "C", false, 0]);
  });

  it("a waiter cancelled before its wakeup leaves the queue at once", async () => {
    const r = await go(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const b = createTask(function* () { yield* lock.acquire(); });
      yield* sleep(0);
      b.cancel();
      const listedAfterCancel = lock._waiterCount();
      lock.release();
      yield* lock.acquire(); // free, nobody queued: fast path
      return [listedAfterCancel, b.cancelled() || (yield* sleep(0), b.cancelled())];
    });
    expect(r).toEqual([0, true]);
  });

  it("with() cancelled while waiting does not release the holder's lock", async () => {
    const r = await go(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const t = createTask(lock.with(function* () { return 1; }));
      yield* sleep(0);
      t.cancel();
      try { yield* t; } catch (e) { if (!(e instanceof CancelledError)) throw e; }
      return lock.locked();
    });
    expect(r).toBe(true);
  });

  it("release() of an unlocked lock throws RuntimeError", async () => {
    await go(function* () {
      expect(() => new Lock().release()).toThrow(RuntimeError);
    });
  });

  it("works with await from async functions", async () => {
    const r = await run(async () => {
      const lock = new Lock();
      const order: number[] = [];
      await Promise.all([1, 2, 3].map(async (i) => {
        await lock.acquire();
        order.push(i);
        await sleep(10 - i);
        lock.release();
      }));
      return order;
    }, { clock: new VirtualClock() });
    expect(r).toEqual([1, 2, 3]);
  });

  it("binds to the loop it first waits on; use from another loop throws RuntimeError", async () => {
    const lock = new Lock();
    await go(function* () {
      yield* lock.acquire();
      const t = createTask(function* () { yield* lock.acquire(); lock.release(); });
      yield* sleep(1);
      lock.release();
      yield* t;
    });
    const r = await go(function* () {
      yield* lock.acquire(); // uncontended: no loop needed
      try {
        yield* lock.acquire(); // contended, on a second loop
      } catch (e) {
        return e;
      }
    });
    expect(r).toBeInstanceOf(RuntimeError);
  });
});
