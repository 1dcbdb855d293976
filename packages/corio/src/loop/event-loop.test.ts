import { performance } from "node:perf_hooks";
import { describe, expect, it, vi } from "vitest";
import { EventLoop, VirtualClock, RealClock, run, sleep, createTask, getRunningLoop, RuntimeError } from "corio";
import { runVirtual, now } from "../../test/support/record.js";

describe("EventLoop scheduling", () => {
  it("runs callSoon callbacks in FIFO order with their arguments", async () => {
    const seen: unknown[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      loop.callSoon((a: number, b: string) => seen.push([a, b]), 1, "x");
      loop.callSoon(() => seen.push("second"));
      yield* sleep(0);
      yield* sleep(0);
    });
    expect(seen).toEqual([[1, "x"], "second"]);
  });

  it("fires timers by deadline, equal deadlines in scheduling order", async () => {
    const seen: string[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      loop.callLater(30, () => seen.push(`c@${loop.time()}`));
      loop.callLater(10, () => seen.push(`a1@${loop.time()}`));
      loop.callAt(loop.time() + 10, () => seen.push(`a2@${loop.time()}`));
      loop.callLater(20, () => seen.push(`b@${loop.time()}`));
      yield* sleep(100);
    });
    expect(seen).toEqual(["a1@10", "a2@10", "b@20", "c@30"]);
  });

  it("never runs a cancelled handle", async () => {
    const seen: string[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      const h1 = loop.callSoon(() => seen.push("soon"));
      const h2 = loop.callLater(5, () => seen.push("later"));
      h1.cancel();
      h2.cancel();
      expect(h1.cancelled()).toBe(true);
      expect(h2.when()).toBe(5);
      yield* sleep(10);
    });
    expect(seen).toEqual([]);
  });

  it("one turn runs only what was ready when it began", async () => {
    const seen: string[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      loop.callSoon(() => {
        seen.push("a");
        loop.callSoon(() => seen.push("c"));
      });
      loop.callSoon(() => seen.push("b"));
      yield* sleep(0);
      yield* sleep(0);
    });
    expect(seen).toEqual(["a", "b", "c"]);
  });

  it("lets Node I/O run while a task spins on sleep(0)", async () => {
    // With a loop that drained its queue to empty before yielding to Node, the spinner
    // would never see the flag and this test would hang until its timeout.
    const spins = await run(
      function* () {
        let flag = false;
        setImmediate(() => (flag = true));
        let n = 0;
        while (!flag) {
          n++;
          yield* sleep(0);
        }
        return n;
      },
      { handleSignals: false },
    );
    expect(spins).toBeGreaterThan(0);
    // A busy loop still gives Node a spin at least every 64 turns (see scheduleNextTurn).
    expect(spins).toBeLessThanOrEqual(64);
  });

  it("rejects NaN delays with a RangeError naming the argument", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    expect(() => loop.callLater(NaN, () => {})).toThrow(/callLater\(delay\).*got NaN/);
    expect(() => sleep(NaN)).toThrow(/sleep\(ms\).*got NaN/);
    expect(() => loop.callAt(NaN, () => {})).toThrow(RangeError);
    loop.close();
  });

  it("fires negative delays and past deadlines at once, in scheduling order (asyncio, setTimeout)", async () => {
    const seen: string[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      yield* sleep(50);
      loop.callLater(-1, () => seen.push(`callLater(-1)@${loop.time()}`));
      loop.callAt(10, () => seen.push(`callAt(past)@${loop.time()}`));
      loop.callLater(-Infinity, () => seen.push(`callLater(-Infinity)@${loop.time()}`));
      yield* sleep(-5);
      seen.push(`sleep(-5)@${loop.time()}`);
    });
    // sleep(-5) is sleep(0): the task was queued before the next turn moved the due timers
    // in; the timers run in deadline order (-Infinity, 10, 49), all without time passing.
    expect(seen).toEqual(["sleep(-5)@50", "callLater(-Infinity)@50", "callAt(past)@50", "callLater(-1)@50"]);
  });

  it("refuses work once closed", () => {
    const loop = new EventLoop();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(() => loop.callSoon(() => {})).toThrow(RuntimeError);
  });

  it("runForever returns when stop() is called, and timers ran meanwhile", async () => {
    const clock = new VirtualClock();
    const loop = new EventLoop({ clock });
    const seen: string[] = [];
    loop.callLater(1000, () => seen.push("1"));
    const h = loop.callLater(4000, () => seen.push("4"));
    loop.callLater(2000, () => seen.push("2"));
    h.cancel();
    loop.callLater(4000, () => loop.stop());
    await loop.runForever();
    expect(seen).toEqual(["1", "2"]);
    expect(loop.time()).toBe(4000);
    loop.close();
  });

  it("runUntilComplete resolves with the result, rejects on stop()", async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    await expect(loop.runUntilComplete(function* () { yield* sleep(10); return 5; })).resolves.toBe(5);
    const p = loop.runUntilComplete(function* () { yield* sleep(1e9); });
    loop.callLater(10, () => loop.stop());
    await expect(p).rejects.toThrow(/stopped before Future completed/);
    loop.close();
  });

  it("without autojump the virtual clock moves only on advance()", async () => {
    const clock = new VirtualClock({ autojump: false });
    const loop = new EventLoop({ clock });
    const seen: number[] = [];
    loop.callLater(100, () => seen.push(loop.time()));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([]);
    clock.advance(50);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([]);
    clock.advance(50);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([100]);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    loop.close();
  });

  it("autojump waits for outside work (a call()ed promise) before jumping", async () => {
    const { call } = await import("corio");
    const seen = await runVirtual(function* () {
      const loop = getRunningLoop();
      const seen: string[] = [];
      loop.callLater(1000, () => seen.push(`timer@${loop.time()}`));
      // The promise settles after 5 real ms; the clock must not jump to 1000 meanwhile.
      const v = yield* call(new Promise<string>((r) => setTimeout(() => r("io"), 5)));
      seen.push(`${v}@${loop.time()}`);
      yield* sleep(2000);
      return seen;
    });
    expect(seen).toEqual(["io@0", "timer@1000"]);
  });

  it("RealClock is monotonic", () => {
    const c = new RealClock();
    const a = c.now();
    expect(c.now()).toBeGreaterThanOrEqual(a);
  });
});

describe("exception handler", () => {
  it("receives errors thrown by callbacks; the default prints to stderr", async () => {
    const contexts: string[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      expect(loop.getExceptionHandler()).toBeNull();
      loop.setExceptionHandler((_l, ctx) => contexts.push(`${ctx.message}: ${(ctx.exception as Error).message}`));
      loop.callSoon(function boom() {
        throw new Error("bad");
      });
      yield* sleep(0);
      yield* sleep(0);
      loop.setExceptionHandler(null);
      const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      loop.callExceptionHandler({ message: "printed", exception: new Error("x") });
      expect(String(write.mock.calls[0]?.[0])).toMatch(/^printed\nError: x/);
      write.mockRestore();
    });
    expect(contexts).toEqual(["Exception in callback boom: bad"]);
  });

  it("falls back to the default handler when the handler itself throws", async () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await runVirtual(function* () {
      const loop = getRunningLoop();
      loop.setExceptionHandler(() => {
        throw new Error("handler broke");
      });
      loop.callExceptionHandler({ message: "m" });
      yield* sleep(0);
    });
    expect(write.mock.calls.map((c) => String(c[0])).join("")).toMatch(/Unhandled error in exception handler/);
    write.mockRestore();
    expect(() => new EventLoop().setExceptionHandler(42 as never)).toThrow(TypeError);
  });
});

describe("signal handlers", () => {
  it("runs the callback on the loop when the signal arrives, until removed", async () => {
    const seen: string[] = [];
    await runVirtual(function* () {
      const loop = getRunningLoop();
      loop.addSignalHandler("SIGUSR2", (x: string) => seen.push(x), "usr2");
      process.emit("SIGUSR2", "SIGUSR2");
      yield* sleep(0);
      yield* sleep(0);
      expect(loop.removeSignalHandler("SIGUSR2")).toBe(true);
      expect(loop.removeSignalHandler("SIGUSR2")).toBe(false);
      process.emit("SIGUSR2", "SIGUSR2");
      yield* sleep(0);
    });
    expect(seen).toEqual(["usr2"]);
  });
});

describe("debug mode", () => {
  it("warns when one step blocks the loop, naming the task", async () => {
    const messages: string[] = [];
    await run(
      function* () {
        const loop = getRunningLoop();
        loop.slowCallbackDuration = 0; // every step is "slow": no real blocking needed
        loop.setExceptionHandler((_l, ctx) => messages.push(ctx.message));
        const t = createTask(function* () { yield* sleep(0); }, { name: "slowpoke" });
        yield* t;
      },
      { clock: new VirtualClock(), debug: true, handleSignals: false },
    );
    expect(messages.some((m) => /Task "slowpoke" took .* blocked the event loop/.test(m))).toBe(true);
  });

  it("names the task when a step resumed after a wait blocks the loop (not 'done callbacks')", async () => {
    const messages: string[] = [];
    await run(
      function* () {
        const loop = getRunningLoop();
        loop.setExceptionHandler((_l, ctx) => messages.push(ctx.message));
        const t = createTask(function* () {
          yield* sleep(10);
          // Blocks the loop for 60 ms of real time, past slowStepMs (a 10 ms margin would do).
          const until = performance.now() + 60;
          while (performance.now() < until);
        }, { name: "resumed-hog" });
        yield* t;
      },
      { clock: new VirtualClock(), debug: true, slowStepMs: 50, handleSignals: false },
    );
    expect(messages.some((m) => /^Executing Task "resumed-hog" took \d+\.\d ms: it blocked the event loop \(debug mode warns above 50 ms\)$/.test(m))).toBe(true);
    expect(messages.filter((m) => /done callbacks|a wakeup/.test(m))).toEqual([]);
  });

  it("is off by default and switchable", () => {
    const loop = new EventLoop();
    expect(loop.getDebug()).toBe(process.env.CORIO_DEBUG === "1");
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.close();
  });
});

describe("time", () => {
  it("loop.time() follows the virtual clock", async () => {
    const t = await runVirtual(function* () {
      yield* sleep(1234);
      return now();
    });
    expect(t).toBe(1234);
  });
});
