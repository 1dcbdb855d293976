import { describe, expect, it, vi } from "vitest";
import { Future, EventLoop, VirtualClock, InvalidStateError, CancelledError, getRunningLoop, sleep } from "corio";
import { runVirtual } from "../../test/support/record.js";

describe("Future", () => {
  it("is pending, then finished with a result", async () => {
    await runVirtual(function* () {
      const f = getRunningLoop().createFuture<number>();
      expect(f.done()).toBe(false);
      expect(() => f.result()).toThrow(InvalidStateError);
      expect(() => f.exception()).toThrow(InvalidStateError);
      f.setResult(3);
      expect(f.done()).toBe(true);
      expect(f.cancelled()).toBe(false);
      expect(f.result()).toBe(3);
      expect(f.exception()).toBeUndefined();
      expect(() => f.setResult(4)).toThrow(/already done/);
      expect(() => f.setException(new Error())).toThrow(InvalidStateError);
      expect(f.cancel()).toBe(false);
    });
  });

  it("finishes with an exception that result() re-throws", async () => {
    await runVirtual(function* () {
      const f = new Future<number>();
      const err = new Error("nope");
      f.setException(err);
      expect(f.exception()).toBe(err);
      expect(() => f.result()).toThrow(err);
      expect(() => new Future().setException(undefined)).toThrow(TypeError);
    });
  });

  it("cancel(msg) puts msg in the CancelledError", async () => {
    await runVirtual(function* () {
      const f = new Future<number>();
      expect(f.cancel("stop")).toBe(true);
      expect(f.cancel()).toBe(false);
      expect(f.cancelled()).toBe(true);
      expect(() => f.result()).toThrow(CancelledError);
      try {
        f.result();
      } catch (e) {
        expect((e as Error).message).toBe("stop");
      }
    });
  });

  it("runs done callbacks on a later turn, in order; removeDoneCallback counts", async () => {
    const seen: string[] = [];
    await runVirtual(function* () {
      const f = new Future<string>();
      const a = (x: Future<string>) => seen.push(`a:${x.result()}`);
      const b = () => seen.push("b");
      f.addDoneCallback(a);
      f.addDoneCallback(b);
      f.addDoneCallback(b);
      expect(f.removeDoneCallback(b)).toBe(2);
      expect(f.removeDoneCallback(b)).toBe(0);
      f.setResult("r");
      expect(seen).toEqual([]);
      yield* sleep(0);
      f.addDoneCallback(() => seen.push("late"));
      yield* sleep(0);
    });
    expect(seen).toEqual(["a:r", "late"]);
  });

  it("reports a throwing done callback to the exception handler", async () => {
    const messages: string[] = [];
    await runVirtual(function* () {
      getRunningLoop().setExceptionHandler((_l, c) => messages.push(c.message));
      const f = new Future<void>();
      f.addDoneCallback(function cb() {
        throw new Error("x");
      });
      f.setResult();
      yield* sleep(0);
    });
    expect(messages).toEqual(["Exception in done callback cb"]);
  });

  it("works with yield* and with await", async () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const f = loop.createFuture<number>();
    loop.callLater(10, () => f.setResult(42));
    await expect(f).resolves.toBe(42);
    const g = loop.createFuture<number>();
    g.setException(new Error("rejected"));
    await expect(g).rejects.toThrow("rejected");
    const r = await loop.runUntilComplete(function* () {
      const h = loop.createFuture<string>();
      loop.callLater(5, () => h.setResult("via yield*"));
      return yield* h;
    });
    expect(r).toBe("via yield*");
    expect(String(f)).toBe("Future<finished>");
    loop.close();
  });
});

describe("unretrieved exceptions", () => {
  it("are reported when the loop closes, never when retrieved", async () => {
    const messages: string[] = [];
    const loop = new EventLoop({ clock: new VirtualClock() });
    loop.setExceptionHandler((_l, c) => messages.push(`${c.message}|${(c.exception as Error).message}`));
    const lost = loop.createFuture<void>();
    lost.setException(new Error("lost"));
    const seen = loop.createFuture<void>();
    seen.setException(new Error("seen"));
    seen.exception();
    loop.close();
    expect(messages).toEqual(["Future exception was never retrieved|lost"]);
  });

  it("are retrieved by the task they woke, even when a cancel lands on it first (as asyncio's __wakeup does)", async () => {
    const messages: string[] = [];
    const loop = new EventLoop({ clock: new VirtualClock() });
    loop.setExceptionHandler((_l, c) => messages.push(`${c.message}|${(c.exception as Error).message}`));
    const f = loop.createFuture<void>();
    const waiter = loop.createTask(function* () {
      yield* f;
    });
    await loop.runUntilComplete(loop.createTask(function* () {
      yield* sleep(0); // the waiter is parked on f
      f.setException(new Error("lost state")); // wakes the waiter…
      waiter.cancel("its group is shutting down"); // …which is cancelled before it runs
      try {
        yield* waiter;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
    }));
    expect(waiter.cancelled()).toBe(true);
    loop.close();
    expect(messages).toEqual([]);
  });

  it("are reported when the future is garbage-collected", async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) return; // needs --expose-gc; covered by the loop-close path above
    const handler = vi.fn();
    const loop = new EventLoop({ clock: new VirtualClock() });
    loop.setExceptionHandler(handler);
    (() => {
      new Future<void>(loop).setException(new Error("gc"));
    })();
    for (let i = 0; i < 10 && handler.mock.calls.length === 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(handler).toHaveBeenCalled();
    loop.close();
  });
});
