import { describe, expect, it } from "vitest";
import { createTask, Event, run, sleep, VirtualClock, withTimeout, TimeoutError, type Coro } from "corio";

const go = <T>(main: () => Coro<T>) => run(main, { clock: new VirtualClock() });

describe("Event", () => {
  it("wait() blocks until set(); set() wakes every waiter; wait on a set event returns at once", async () => {
    const r = await go(function* () {
      const ev = new Event();
      const log: string[] = [];
      const ts = ["a", "b"].map((n) => createTask(function* () { const v = yield* ev.wait(); log.push(`${n}:${v}`); }));
      yield* sleep(5);
      log.push("set");
      ev.set();
      for (const t of ts) yield* t;
      const again = yield* ev.wait();
      return [log, again, ev.isSet()];
    });
    expect(r).toEqual([["set", "a:true", "b:true"], true, true]);
  });

  it("set() then clear() before the waiter runs still wakes it", async () => {
    const r = await go(function* () {
      const ev = new Event();
      const t = createTask(function* () { return yield* ev.wait(); });
      yield* sleep(0);
      ev.set();
      ev.clear();
      return [yield* t, ev.isSet(), ev._waiterCount()];
    });
    expect(r).toEqual([true, false, 0]);
  });

  it("a timed-out wait leaves no waiter behind", async () => {
    const r = await go(function* () {
      const ev = new Event();
      let err: unknown;
      try { yield* withTimeout(10, function* () { yield* ev.wait(); }); } catch (e) { err = e; }
      return [err instanceof TimeoutError, ev._waiterCount()];
    });
    expect(r).toEqual([true, 0]);
  });

  it("await works from async code", async () => {
    const r = await run(async () => {
      const ev = new Event();
      setTimeout(() => ev.set(), 1);
      return await ev.wait();
    });
    expect(r).toBe(true);
  });
});
