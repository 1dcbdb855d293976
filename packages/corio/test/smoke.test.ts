import { describe, expect, it } from "vitest";
import { run, sleep, gather, createTask, VirtualClock, withTimeout, TimeoutError, withTaskGroup, ExceptionGroup, call, waitFor, getRunningLoop } from "corio";

describe("smoke", () => {
  it("runs", async () => {
    const clock = new VirtualClock();
    const r = await run(function* () {
      const x: string = yield* sleep(1000, "v");
      const [a, b] = yield* gather([sleep(10, 1), sleep(20, "two")]);
      return [x, a, b, getRunningLoop().time()];
    }, { clock });
    expect(r).toEqual(["v", 1, "two", 1020]);
  });
  it("timeout", async () => {
    const clock = new VirtualClock();
    const r = await run(function* () {
      try {
        yield* withTimeout(100, function* () { yield* sleep(1000); });
      } catch (e) { return e instanceof TimeoutError ? getRunningLoop().time() : e; }
    }, { clock });
    expect(r).toBe(100);
  });
  it("taskgroup", async () => {
    const clock = new VirtualClock();
    const r = await run(function* () {
      try {
        yield* withTaskGroup(function* (tg) {
          tg.createTask(function* () { yield* sleep(10); throw new Error("boom"); });
          tg.createTask(function* () { yield* sleep(1000); });
          yield* sleep(5000);
        });
      } catch (e) { return [(e as ExceptionGroup).exceptions.map((x) => (x as Error).message), getRunningLoop().time()]; }
    }, { clock });
    expect(r).toEqual([["boom"], 10]);
  });
  it("async default loop", async () => {
    const t = createTask(function* () { yield* sleep(5); return 3; });
    expect(await t).toBe(3);
    expect(await sleep(1, "x")).toBe("x");
    const r = await run(async () => { await sleep(10); return yield_(); });
    function yield_() { return 7; }
    expect(r).toBe(7);
    expect(await waitFor(call(Promise.resolve(4)), 100)).toBe(4);
  });
});
