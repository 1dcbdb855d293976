import { describe, expect, it } from "vitest";
import { CancelledError, Condition, createTask, Lock, run, RuntimeError, sleep, VirtualClock, type Coro } from "corio";

const go = <T>(main: () => Coro<T>) => run(main, { clock: new VirtualClock() });

describe("Condition", () => {
  it("wait() releases the lock, and returns true holding it again after notify()", async () => {
    const r = await go(function* () {
      const cond = new Condition();
      const log: string[] = [];
      const t = createTask(cond.with(function* () {
        const v = yield* cond.wait();
        log.push(`woke:${v}:${cond.locked()}`);
      }));
      yield* sleep(0);
      log.push(`unlocked while waiting:${!cond.locked()}`);
      yield* cond.with(function* () { cond.notify(); log.push("notified"); });
      yield* t;
      return log;
    });
    expect(r).toEqual(["unlocked while waiting:true", "notified", "woke:true:true"]);
  });

  it("notify(n) wakes n waiters oldest first; notifyAll wakes the rest", async () => {
    const r = await go(function* () {
      const cond = new Condition();
      const log: number[] = [];
      const ts = [0, 1, 2, 3].map((i) => createTask(cond.with(function* () { yield* cond.wait(); log.push(i); })));
      yield* sleep(0);
      yield* cond.with(function* () { cond.notify(2); });
      yield* sleep(1);
      const afterTwo = [...log];
      yield* cond.with(function* () { cond.notifyAll(); });
      for (const t of ts) yield* t;
      return [afterTwo, log, cond._waiterCount()];
    });
    expect(r).toEqual([[0, 1], [0, 1, 2, 3], 0]);
  });

  it("waitFor(pred) resolves to the predicate's value", async () => {
    const r = await go(function* () {
      const cond = new Condition();
      const items: string[] = [];
      const t = createTask(cond.with(function* () { return yield* cond.waitFor(() => items.shift()); }));
      for (const x of ["", "x"]) {
        yield* sleep(1);
        yield* cond.with(function* () { if (x) items.push(x); cond.notify(); });
      }
      return yield* t;
    });
    expect(r).toBe("x");
  });

  it("a cancelled wait() re-acquires the lock before the CancelledError leaves it", async () => {
    const r = await go(function* () {
      const cond = new Condition();
      const seen: unknown[] = [];
      const t = createTask(function* () {
        yield* cond.acquire();
        try {
          yield* cond.wait();
        } catch (e) {
          seen.push(e instanceof CancelledError, cond.locked());
          throw e;
        } finally {
          cond.release();
        }
      });
      yield* sleep(0);
      yield* cond.acquire(); // hold the lock so t's re-acquire has to wait
      t.cancel();
      yield* sleep(5);
      seen.push(t.done());
      cond.release();
      yield* sleep(0);
      try { yield* t; } catch { /* cancelled */ }
      return [...seen, t.cancelled(), cond.locked()];
    });
    expect(r).toEqual([false, true, true, true, false]);
  });

  it("a notify racing with the notified task's cancellation is not lost", async () => {
    const r = await go(function* () {
      const cond = new Condition();
      const got: string[] = [];
      const waiter = (n: string) => createTask(cond.with(function* () { yield* cond.wait(); got.push(n); }));
      const a = waiter("A"), b = waiter("B");
      yield* sleep(0);
      yield* cond.with(function* () { cond.notify(1); }); // A is notified
      a.cancel(); // ... and cancelled before it runs
      yield* sleep(1);
      try { yield* a; } catch { /* cancelled */ }
      return [got, a.cancelled(), b.done(), cond._waiterCount()];
    });
    expect(r).toEqual([["B"], true, true, 0]);
  });

  it("wait()/notify() without the lock throw RuntimeError; shares a given Lock", async () => {
    await go(function* () {
      const lock = new Lock();
      const c1 = new Condition(lock), c2 = new Condition(lock);
      expect(() => c1.notify()).toThrow(RuntimeError);
      expect(() => c1.notifyAll()).toThrow(RuntimeError);
      let err: unknown;
      try { yield* c1.wait(); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(RuntimeError);
      yield* c1.acquire();
      expect(c2.locked()).toBe(true);
      c2.release();
      expect(lock.locked()).toBe(false);
    });
  });
});
