import { describe, expect, it } from "vitest";
import {
  ALL_COMPLETED,
  CancelledError,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  TimeoutError,
  asCompleted,
  createTask,
  gather,
  isCancelled,
  shield,
  sleep,
  wait,
  waitFor,
  type Task,
} from "corio";
import { Recorder, now, runVirtual } from "../../test/support/record.js";

function* work<T>(ms: number, value: T, rec?: Recorder): Generator<unknown, T, unknown> {
  try {
    yield* sleep(ms);
    return value;
  } finally {
    rec?.at(`end ${String(value)}`);
  }
}

function* fail(ms: number, message: string): Generator<unknown, never, unknown> {
  yield* sleep(ms);
  throw new Error(message);
}

describe("gather", () => {
  it("returns results in input order, whatever the completion order", async () => {
    const r = await runVirtual(function* () {
      const out = yield* gather([work(30, "a"), work(10, 2), work(20, true)]);
      const typed: [string, number, boolean] = out;
      return [typed, now()];
    });
    expect(r).toEqual([["a", 2, true], 30]);
  });

  it("runs the same coroutine passed twice once", async () => {
    let runs = 0;
    const r = await runVirtual(function* () {
      const c = (function* () {
        runs++;
        yield* sleep(1);
        return "once";
      })();
      return yield* gather([c, c]);
    });
    expect(r).toEqual(["once", "once"]);
    expect(runs).toBe(1);
  });

  it("rejects with the first error; the other children keep running", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const slow = createTask(work(100, "slow", rec));
      try {
        yield* gather([fail(10, "boom"), slow]);
      } catch (e) {
        rec.at(`caught ${(e as Error).message}`);
      }
      yield* slow;
    });
    expect(rec.events).toEqual(["caught boom@10", "end slow@100"]);
  });

  it("with returnExceptions puts errors in place", async () => {
    const r = await runVirtual(function* () {
      const c = createTask(work(50, "c"));
      c.cancel();
      return yield* gather([work(10, "a"), fail(5, "bad"), c], { returnExceptions: true });
    });
    expect(r[0]).toBe("a");
    expect((r[1] as Error).message).toBe("bad");
    expect(r[2]).toBeInstanceOf(CancelledError);
  });

  it("a cancelled child rejects a plain gather with CancelledError", async () => {
    await runVirtual(function* () {
      const t = createTask(work(50, "t"));
      const g = gather([t, work(100, "u")]);
      yield* sleep(1);
      t.cancel();
      try {
        yield* g;
        throw new Error("not raised");
      } catch (e) {
        expect(isCancelled(e)).toBe(true);
      }
    });
  });

  it("cancelling the gather cancels every child and ends it cancelled", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const g = gather([work(100, "a", rec), work(200, "b", rec)]);
      yield* sleep(10);
      expect(g.cancel()).toBe(true);
      try {
        yield* g;
      } catch (e) {
        rec.at(`gather ${isCancelled(e) ? "cancelled" : "?"}`);
      }
      expect(g.cancelled()).toBe(true);
      expect(g.cancel()).toBe(false);
    });
    expect(rec.events).toEqual(["end a@10", "end b@10", "gather cancelled@10"]);
  });

  it("of nothing is an empty list; of a non-array is a TypeError", async () => {
    await runVirtual(function* () {
      expect(yield* gather([])).toEqual([]);
      expect(() => gather("ab" as never)).toThrow(TypeError);
    });
  });

  it("works with await", async () => {
    const r = await runVirtual(async () => await gather([sleep(5, 1), sleep(1, 2)]));
    expect(r).toEqual([1, 2]);
  });
});

describe("wait", () => {
  it("ALL_COMPLETED splits into done and pending", async () => {
    await runVirtual(function* () {
      const tasks = [10, 20].map((ms) => createTask(work(ms, ms)));
      const { done, pending } = yield* wait(tasks, { returnWhen: ALL_COMPLETED });
      expect(done.size).toBe(2);
      expect(pending.size).toBe(0);
      expect(now()).toBe(20);
    });
  });

  it("with a timeout returns what is done and cancels nothing", async () => {
    await runVirtual(function* () {
      const tasks = [0, 1, 2, 3, 4].map((i) => createTask(work(i * 1000, i)));
      const { done, pending } = yield* wait(tasks, { timeout: 2000 });
      expect(now()).toBe(2000);
      // The task due at exactly 2000 ms is still pending: the wait's timer was armed
      // first, so it fires first and the waiter resumes before that task takes its step.
      expect([...done].map((t) => t.result()).sort()).toEqual([0, 1]);
      expect(pending.size).toBe(3);
      for (const t of pending) expect(t.cancelled()).toBe(false);
      for (const t of pending) t.cancel();
    });
  });

  it("FIRST_COMPLETED returns at the first", async () => {
    await runVirtual(function* () {
      const tasks = [30, 10, 20].map((ms) => createTask(work(ms, ms)));
      const { done, pending } = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
      expect([...done].map((t) => t.result())).toEqual([10]);
      expect(pending.size).toBe(2);
      for (const t of pending) t.cancel();
    });
  });

  it("FIRST_EXCEPTION returns at the first error", async () => {
    await runVirtual(function* () {
      const ok = createTask(work(5, "ok"));
      const bad = createTask(fail(10, "x"));
      const slow = createTask(work(100, "slow"));
      const { done, pending } = yield* wait([ok, bad, slow], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([ok, bad]));
      expect(pending).toEqual(new Set([slow]));
      slow.cancel();
    });
  });

  it("refuses an empty set, coroutines and bad options", () => {
    expect(() => wait([])).toThrow(RangeError);
    expect(() => wait([work(1, 1)] as never)).toThrow(/wrap coroutines with createTask/);
    expect(() => wait([Promise.resolve()] as never, {})).toThrow(TypeError);
  });
});

describe("waitFor", () => {
  it("returns the result in time", async () => {
    const r = await runVirtual(function* () {
      return yield* waitFor(work(10, "ok"), 100);
    });
    expect(r).toBe("ok");
  });

  it("on timeout cancels the inner task, awaits it, then throws TimeoutError", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const inner = createTask(function* () {
        try {
          yield* sleep(3000);
        } finally {
          yield* sleep(100); // async cleanup finishes before waitFor gives up
          rec.at("inner cleaned up");
        }
      });
      try {
        yield* waitFor(inner, 2000);
      } catch (e) {
        rec.at(`${(e as Error).name} cause=${((e as Error).cause as Error)?.name}`);
        expect((e as Error).message).toBe("timed out after 2000 ms");
      }
      expect(inner.cancelled()).toBe(true);
    });
    expect(rec.events).toEqual(["inner cleaned up@2100", "TimeoutError cause=CancelledError@2100"]);
  });

  it("with 0 checks once, with null waits forever", async () => {
    await runVirtual(function* () {
      const done = createTask(work(0, "x"));
      yield* sleep(1);
      expect(yield* waitFor(done, 0)).toBe("x");
      try {
        yield* waitFor(work(10, "late"), 0);
      } catch (e) {
        expect(e).toBeInstanceOf(TimeoutError);
      }
      expect(yield* waitFor(work(10_000, "patient"), null)).toBe("patient");
      // A negative timeout is 0 (asyncio): a done result still comes back, else it times out.
      expect(yield* waitFor(done, -1)).toBe("x");
      let late = "returned";
      try {
        yield* waitFor(work(10, "late"), -1);
      } catch (e) {
        late = `${(e as Error).name}: ${(e as Error).message}`;
      }
      expect(late).toBe("TimeoutError: timed out after 0 ms");
      expect(() => waitFor(work(1, 1), NaN)).toThrow(RangeError);
    });
  });
});

describe("asCompleted", () => {
  it("yields results in completion order", async () => {
    const r = await runVirtual(function* () {
      const out: number[] = [];
      for (const next of asCompleted([work(30, 3), work(10, 1), work(20, 2)])) out.push(yield* next);
      return out;
    });
    expect(r).toEqual([1, 2, 3]);
  });

  it("raises TimeoutError for the ones still pending at the timeout", async () => {
    const r = await runVirtual(function* () {
      const out: string[] = [];
      const slow = createTask(work(5000, 5));
      for (const next of asCompleted([work(10, 1), slow], { timeout: 100 })) {
        try {
          out.push(String(yield* next));
        } catch (e) {
          out.push(`${(e as Error).name}@${now()}`);
        }
      }
      slow.cancel();
      return out;
    });
    expect(r).toEqual(["1", "TimeoutError@100"]);
  });

  it("works with await", async () => {
    const r = await runVirtual(async () => {
      const out: string[] = [];
      for (const next of asCompleted([sleep(20, "b"), sleep(10, "a")])) out.push(await next);
      return out;
    });
    expect(r).toEqual(["a", "b"]);
  });
});

describe("shield", () => {
  it("cancelling the waiter does not cancel the shielded task", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const inner = createTask(work(100, "saved", rec));
      const waiter = createTask(function* () {
        return yield* shield(inner);
      });
      yield* sleep(10);
      waiter.cancel();
      yield* sleep(0);
      yield* sleep(0);
      expect(waiter.cancelled()).toBe(true);
      expect(inner.cancelled()).toBe(false);
      expect(yield* inner).toBe("saved");
    });
    expect(rec.events).toEqual(["end saved@100"]);
  });

  it("passes through results, errors and the inner cancellation", async () => {
    await runVirtual(function* () {
      expect(yield* shield(work(5, "r"))).toBe("r");
      try {
        yield* shield(fail(5, "e"));
      } catch (e) {
        expect((e as Error).message).toBe("e");
      }
      const t: Task<string> = createTask(work(50, "x"));
      const s = shield(t);
      yield* sleep(1);
      t.cancel();
      try {
        yield* s;
      } catch (e) {
        expect(isCancelled(e)).toBe(true);
      }
      const done = createTask(work(0, "d"));
      yield* sleep(1);
      expect(shield(done)).toBe(done);
    });
  });
});
