import { describe, expect, it } from "vitest";
import { Barrier, BrokenBarrierError, createTask, gather, run, sleep, VirtualClock, type Coro } from "corio";

const go = <T>(main: () => Coro<T>) => run(main, { clock: new VirtualClock() });

describe("Barrier", () => {
  it("releases all parties together; wait() returns arrival indexes; it is reusable", async () => {
    const r = await go(function* () {
      const b = new Barrier(3);
      const log: string[] = [];
      const party = (n: number) => function* () {
        yield* sleep(n * 10);
        const i = yield* b.wait();
        log.push(`${n}@${i}`);
        const j = yield* b.wait();
        return [i, j];
      };
      const res = yield* gather([party(0)(), party(1)(), party(2)()]);
      return [res, log.length, b.nWaiting, b.broken, b.parties];
    });
    // Same as CPython: the releasing task re-enters first for the second round.
    expect(r).toEqual([[[0, 2], [1, 0], [2, 1]], 3, 0, false, 3]);
  });

  it("nWaiting counts tasks waiting to fill", async () => {
    await go(function* () {
      const b = new Barrier(3);
      createTask(b.wait()); createTask(b.wait());
      yield* sleep(1);
      expect(b.nWaiting).toBe(2);
      yield* b.wait();
      yield* sleep(1);
      expect(b.nWaiting).toBe(0);
    });
  });

  it("abort() breaks waiting and later waits with BrokenBarrierError", async () => {
    const r = await go(function* () {
      const b = new Barrier(3);
      const t = createTask(b.wait());
      yield* sleep(1);
      yield* b.abort();
      const errs: unknown[] = [];
      try { yield* t; } catch (e) { errs.push(e); }
      try { yield* b.wait(); } catch (e) { errs.push(e); }
      return [errs.map((e) => e instanceof BrokenBarrierError), b.broken];
    });
    expect(r).toEqual([[true, true], true]);
  });

  it("reset() gives waiters BrokenBarrierError, then the barrier works again", async () => {
    const r = await go(function* () {
      const b = new Barrier(2);
      const t = createTask(b.wait());
      yield* sleep(1);
      yield* b.reset();
      let err: unknown;
      try { yield* t; } catch (e) { err = e; }
      const again = yield* gather([b.wait(), b.wait()]);
      return [err instanceof BrokenBarrierError, again, b.broken];
    });
    expect(r).toEqual([true, [0, 1], false]);
  });

  it("parties must be a positive integer", () => {
    expect(() => new Barrier(0)).toThrow(RangeError);
  });
});
