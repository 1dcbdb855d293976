import { describe, expect, it } from "vitest";
// Relative imports, not "corio": Wakeup is internal, and the type check resolves "corio" to
// the built package, whose EventLoop is a different declaration from the source's.
import { CancelledError } from "../errors.js";
import { EventLoop } from "../loop/event-loop.js";
import { getRunningLoop } from "../loop/running-loop.js";
import { VirtualClock } from "../loop/virtual-clock.js";
import type { Coro } from "./awaitable.js";
import { run } from "./run.js";
import { sleep } from "./sleep.js";
import { createTask } from "./task.js";
import { Wakeup } from "./wakeup.js";

const go = <T>(main: () => Coro<T>) => run(main, { clock: new VirtualClock() });

/** What a waiter's iterator does: park on the Wakeup, then report how the wait ended. */
function* waitOn(w: Wakeup): Coro<string> {
  yield w;
  if (w.cancelled()) throw w._makeCancelledError();
  return "woken";
}

describe("Wakeup (the light record a task parks on)", () => {
  it("parks the yielding task until woken; it resumes on a later turn", async () => {
    const r = await go(function* () {
      const w = new Wakeup(getRunningLoop());
      const log: string[] = [];
      const t = createTask(function* () {
        log.push(yield* waitOn(w));
      });
      yield* sleep(0);
      log.push(`before wake: ${w.describe()}`);
      w._wake();
      log.push(`right after wake: ${log.includes("woken")}`);
      yield* t;
      return [log, w.done(), w.woken(), w.cancelled(), w.describe()];
    });
    expect(r).toEqual([["before wake: Wakeup<pending>", "right after wake: false", "woken"], true, true, false, "Wakeup<woken>"]);
  });

  it("task.cancel() while parked cancels it; the message reaches the coroutine", async () => {
    const r = await go(function* () {
      const w = new Wakeup(getRunningLoop());
      const t = createTask(waitOn(w));
      yield* sleep(0);
      t.cancel("stop");
      let err: unknown;
      try { yield* t; } catch (e) { err = e; }
      return [w.cancelled(), w.woken(), err instanceof CancelledError, (err as Error).message, t.cancelled()];
    });
    expect(r).toEqual([true, false, true, "stop", true]);
  });

  it("woken, then the task is cancelled before it runs: the wakeup stays, the cancel is thrown in", async () => {
    const r = await go(function* () {
      const w = new Wakeup(getRunningLoop());
      let caught = "";
      const t = createTask(function* () {
        try {
          yield w;
        } catch (e) {
          caught = e instanceof CancelledError ? "cancelled" : String(e);
          throw e;
        }
      });
      yield* sleep(0);
      w._wake();
      expect(w.cancel()).toBe(false);
      t.cancel();
      try { yield* t; } catch { /* cancelled */ }
      return [w.woken(), w.cancelled(), caught, t.cancelled()];
    });
    expect(r).toEqual([true, false, "cancelled", true]);
  });

  it("a Wakeup that is already done when yielded resumes the task on the next turn", async () => {
    const r = await go(function* () {
      const w = new Wakeup(getRunningLoop());
      w._wake();
      return yield* waitOn(w);
    });
    expect(r).toBe("woken");
  });

  it("is woken at most once", async () => {
    await go(function* () {
      const w = new Wakeup(getRunningLoop());
      w._wake();
      expect(() => w._wake()).toThrow(/at most once/);
      const c = new Wakeup(getRunningLoop());
      expect(c.cancel()).toBe(true);
      expect(c.cancel()).toBe(false);
      expect(() => c._wake()).toThrow(/at most once/);
    });
  });

  it("one from another loop is refused with a RuntimeError", async () => {
    const other = new EventLoop({ clock: new VirtualClock() });
    const r = await go(function* () {
      try {
        yield* waitOn(new Wakeup(other));
      } catch (e) {
        return (e as Error).message;
      }
      return "not refused";
    });
    expect(r).toMatch(/different loop/);
    other.close();
  });
});
