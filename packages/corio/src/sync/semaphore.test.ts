import { describe, expect, it } from "vitest";
import { BoundedSemaphore, createTask, gather, run, Semaphore, sleep, VirtualClock, type Coro } from "corio";

const go = <T>(main: () => Coro<T>) => run(main, { clock: new VirtualClock() });

describe("Semaphore", () => {
  it("lets at most n tasks in at once", async () => {
    const r = await go(function* () {
      const sem = new Semaphore(3);
      let inside = 0, most = 0;
      yield* gather(Array.from({ length: 10 }, (_, i) => sem.with(function* () {
        inside++; most = Math.max(most, inside);
        yield* sleep(10 + i);
        inside--;
      })));
      return [most, sem.locked(), sem._waiterCount()];
    });
    expect(r).toEqual([3, false, 0]);
  });

  it("is strictly FIFO: release then acquire queues behind the woken waiter", async () => {
    const log = await go(function* () {
      const sem = new Semaphore(1);
      const log: string[] = [];
      yield* sem.acquire();
      const ts = ["B", "C"].map((n) => createTask(function* () { yield* sem.acquire(); log.push(n); sem.release(); }));
      yield* sleep(0);
      sem.release();
      expect(sem.locked()).toBe(true); // a woken waiter is still queued
      yield* sem.acquire();
      log.push("A");
      sem.release();
      for (const t of ts) yield* t;
      return log;
    });
    expect(log).toEqual(["B", "C", "A"]);
  });

  it("a waiter woken then cancelled passes its permit on; no permit is stranded", async () => {
    const r = await go(function* () {
      const sem = new Semaphore(0);
      const b = createTask(function* () { yield* sem.acquire(); return "B"; });
      const c = createTask(function* () { yield* sem.acquire(); return "C"; });
      yield* sleep(0);
      sem.release(); // wakes B
      b.cancel();    // before B resumes
      const rc = yield* c;
      sem.release();
      return [b.cancelled(), rc, sem.locked(), sem._waiterCount()];
    });
    expect(r).toEqual([true, "C", false, 0]);
  });

  it("Semaphore(-1) and non-integers throw RangeError", () => {
    expect(() => new Semaphore(-1)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
    expect(() => new Semaphore(0)).not.toThrow();
  });

  it("BoundedSemaphore refuses to be over-released (RangeError); a plain one does not", async () => {
    await go(function* () {
      const b = new BoundedSemaphore(2);
      expect(() => b.release()).toThrow(RangeError);
      yield* b.acquire();
      b.release();
      expect(() => b.release()).toThrow(RangeError);
      const s = new Semaphore(2);
      s.release();
      expect(s.locked()).toBe(false);
    });
  });

  it("an over-release is caught even while a woken waiter has not run yet", async () => {
    await go(function* () {
      const b = new BoundedSemaphore(1);
      yield* b.acquire();
      const t = createTask(function* () { yield* b.acquire(); b.release(); });
      yield* sleep(0);
      b.release(); // wakes t; its permit is earmarked, not yet taken
      expect(() => b.release()).toThrow(RangeError);
      yield* t;
    });
  });
});
