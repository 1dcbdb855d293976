import { describe, expect, it } from "vitest";
import { CancelledError, ExceptionGroup, RuntimeError, TimeoutError, createTask, currentTask, isCancelled, sleep, withTaskGroup, withTimeout, type TaskGroup } from "corio";
import { Recorder, now, runVirtual } from "../../test/support/record.js";

function* work(ms: number, label: string, rec: Recorder): Generator<unknown, string, unknown> {
  try {
    yield* sleep(ms);
    rec.at(`done ${label}`);
    return label;
  } catch (e) {
    rec.at(`${isCancelled(e) ? "cancelled" : "error"} ${label}`);
    throw e;
  }
}

function* fail(ms: number, message: string): Generator<unknown, never, unknown> {
  yield* sleep(ms);
  throw new Error(message);
}

describe("withTaskGroup", () => {
  it("returns the body's result once every child is done", async () => {
    const rec = new Recorder();
    const r = await runVirtual(function* () {
      const tasks = yield* withTaskGroup(function* (tg) {
        const a = tg.createTask(work(30, "a", rec));
        const b = tg.createTask(work(10, "b", rec));
        rec.at("body done");
        return [a, b];
      });
      rec.at("group done");
      return tasks.map((t) => t.result());
    });
    expect(r).toEqual(["a", "b"]);
    expect(rec.events).toEqual(["body done@0", "done b@10", "done a@30", "group done@30"]);
  });

  it("a failing child cancels the others and the body; errors come as an ExceptionGroup", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      try {
        yield* withTaskGroup(function* (tg) {
          tg.createTask(work(100, "slow", rec));
          tg.createTask(fail(10, "boom"));
          yield* work(1000, "body", rec);
        });
      } catch (e) {
        expect(e).toBeInstanceOf(ExceptionGroup);
        expect(e).toBeInstanceOf(AggregateError);
        rec.at(`group: ${(e as ExceptionGroup).exceptions.map((x) => (x as Error).message).join(",")}`);
      }
      // The group withdrew the cancel it sent to its parent.
      expect(currentTask()!.cancelling()).toBe(0);
    });
    // asyncio's order: the group cancels its children first, then the body's task.
    expect(rec.events).toEqual(["cancelled slow@10", "cancelled body@10", "group: boom@10"]);
  });

  it("collects every child error that happened before the others were cancelled", async () => {
    const r = await runVirtual(function* () {
      try {
        yield* withTaskGroup(function* (tg) {
          tg.createTask(fail(10, "one"));
          tg.createTask(fail(10, "two"));
        });
      } catch (e) {
        return (e as ExceptionGroup).exceptions.map((x) => (x as Error).message);
      }
    });
    expect(r).toEqual(["one", "two"]);
  });

  it("an error in the body cancels the children and is raised in the group", async () => {
    const rec = new Recorder();
    const r = await runVirtual(function* () {
      try {
        yield* withTaskGroup(function* (tg) {
          tg.createTask(work(100, "child", rec));
          yield* sleep(5);
          throw new Error("body failed");
        });
      } catch (e) {
        return (e as ExceptionGroup).exceptions.map((x) => (x as Error).message);
      }
    });
    expect(r).toEqual(["body failed"]);
    expect(rec.events).toEqual(["cancelled child@5"]);
  });

  it("an outside cancel cancels the children and propagates as CancelledError", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const t = createTask(function* () {
        yield* withTaskGroup(function* (tg) {
          tg.createTask(work(100, "c1", rec));
          tg.createTask(work(200, "c2", rec));
        });
      });
      yield* sleep(20);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        rec.at(`outer ${e instanceof CancelledError ? "CancelledError" : String(e)}`);
      }
    });
    expect(rec.events).toEqual(["cancelled c1@20", "cancelled c2@20", "outer CancelledError@20"]);
  });

  it("errors win over an outside cancel, and the cancel stays counted once", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const t = createTask(function* () {
        try {
          yield* withTaskGroup(function* (tg) {
            tg.createTask(function* () {
              try {
                yield* sleep(100);
              } finally {
                throw new Error("failed while cancelling");
              }
            });
          });
        } catch (e) {
          rec.add(`${(e as Error).name} cancelling=${currentTask()!.cancelling()}`);
          yield* sleep(1); // the outside cancel is still pending: it lands here
          rec.add("not reached");
        }
      });
      yield* sleep(10);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        rec.add(`awaiter cancelled=${isCancelled(e)}`);
      }
    });
    expect(rec.events).toEqual(["ExceptionGroup cancelling=1", "awaiter cancelled=true"]);
  });

  it("nested groups nest their ExceptionGroups", async () => {
    const r = await runVirtual(function* () {
      try {
        yield* withTaskGroup(function* (outer) {
          outer.createTask(function* () {
            yield* withTaskGroup(function* (inner) {
              inner.createTask(fail(5, "deep"));
            });
          });
        });
      } catch (e) {
        const inner = (e as ExceptionGroup).exceptions[0] as ExceptionGroup;
        return [inner instanceof ExceptionGroup, (inner.exceptions[0] as Error).message];
      }
    });
    expect(r).toEqual([true, "deep"]);
  });

  it("composes with a timeout around it", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      try {
        yield* withTimeout(50, function* () {
          yield* withTaskGroup(function* (tg) {
            tg.createTask(work(1000, "x", rec));
          });
        });
      } catch (e) {
        rec.at((e as Error).name);
      }
      expect(currentTask()!.cancelling()).toBe(0);
    });
    expect(rec.events).toEqual(["cancelled x@50", "TimeoutError@50"]);
  });

  it("a timeout inside a child is that child's business", async () => {
    const r = await runVirtual(function* () {
      const tasks = yield* withTaskGroup(function* (tg) {
        const a = tg.createTask(function* () {
          try {
            yield* withTimeout(10, function* () { yield* sleep(100); });
            return "finished";
          } catch (e) {
            return e instanceof TimeoutError ? "child timed out" : "?";
          }
        });
        const b = tg.createTask(sleep(50, "sibling unaffected"));
        return [a, b];
      });
      return [...tasks.map((t) => t.result()), now()];
    });
    expect(r).toEqual(["child timed out", "sibling unaffected", 50]);
  });

  it("refuses new tasks once shutting down or finished", async () => {
    await runVirtual(function* () {
      let saved: TaskGroup | undefined;
      try {
        yield* withTaskGroup(function* (tg) {
          saved = tg;
          tg.createTask(fail(1, "x"));
          try {
            yield* sleep(10);
          } catch (e) {
            expect(() => tg.createTask(function* () {})).toThrow(/shutting down/);
            throw e;
          }
        });
      } catch {
        /* expected */
      }
      expect(() => saved!.createTask(function* () {})).toThrow(RuntimeError);
      expect(saved!.size).toBe(0);
      expect(() => withTaskGroup(3 as never)).toThrow(TypeError);
    });
  });

  it("works with await from async code", async () => {
    const r = await runVirtual(async () =>
      withTaskGroup(function* (tg) {
        const a = tg.createTask(sleep(10, 1));
        const b = tg.createTask(sleep(20, 2));
        return [a, b];
      }),
    );
    expect(r.map((t) => t.result())).toEqual([1, 2]);
    expect(now).toBeDefined();
  });
});
