import { describe, expect, it } from "vitest";
import { CancelledError, RuntimeError, TimeoutError, createTask, currentTask, getRunningLoop, isCancelled, sleep, withTimeout, withTimeoutAt, TimeoutScope } from "corio";
import { Recorder, now, runVirtual } from "../../test/support/record.js";

describe("withTimeout", () => {
  it("returns the body's result in time", async () => {
    const r = await runVirtual(function* () {
      return yield* withTimeout(100, function* (scope) {
        expect(scope.when()).toBe(100);
        yield* sleep(50);
        expect(scope.expired()).toBe(false);
        return "ok";
      });
    });
    expect(r).toBe("ok");
  });

  it("throws TimeoutError at the deadline, its cause the absorbed CancelledError", async () => {
    const r = await runVirtual(function* () {
      let scope: TimeoutScope | undefined;
      try {
        yield* withTimeout(100, function* (s) {
          scope = s;
          yield* sleep(1000);
        });
      } catch (e) {
        return [(e as Error).name, ((e as Error).cause as Error).name, now(), scope!.expired(), currentTask()!.cancelling()];
      }
    });
    expect(r).toEqual(["TimeoutError", "CancelledError", 100, true, 0]);
  });

  it("lets async cleanup finish before the TimeoutError leaves", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      try {
        yield* withTimeout(100, function* () {
          try {
            yield* sleep(1000);
          } finally {
            yield* sleep(30);
            rec.at("cleanup done");
          }
        });
      } catch (e) {
        rec.at((e as Error).name);
      }
    });
    expect(rec.events).toEqual(["cleanup done@130", "TimeoutError@130"]);
  });

  it("nested: the inner deadline raises in the inner scope only", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      yield* withTimeout(1000, function* () {
        try {
          yield* withTimeout(10, function* () {
            yield* sleep(500);
          });
        } catch (e) {
          rec.at(`inner ${(e as Error).name}`);
        }
        yield* sleep(100);
        rec.at("outer body continues");
      });
      rec.at(`cancelling=${currentTask()!.cancelling()}`);
    });
    expect(rec.events).toEqual(["inner TimeoutError@10", "outer body continues@110", "cancelling=0@110"]);
  });

  it("nested: the outer deadline passing inside the inner scope is the outer's TimeoutError", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      try {
        yield* withTimeout(10, function* () {
          try {
            yield* withTimeout(1000, function* () {
              yield* sleep(500);
            });
          } catch (e) {
            rec.at(`inner saw ${(e as Error).name}`);
            throw e;
          }
        });
      } catch (e) {
        rec.at(`outer got ${(e as Error).name}`);
      }
    });
    expect(rec.events).toEqual(["inner saw CancelledError@10", "outer got TimeoutError@10"]);
  });

  it("an outside cancel inside an expired scope stays a CancelledError", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      const t = createTask(function* () {
        try {
          yield* withTimeout(10, function* () {
            try {
              yield* sleep(100);
            } finally {
              // The timeout fired at 10; during this cleanup an outside cancel arrives at 15.
              yield* sleep(20);
            }
          });
        } catch (e) {
          rec.at(`task got ${(e as Error).name}`);
          throw e;
        }
      });
      yield* sleep(15);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        rec.at(`awaiter cancelled=${isCancelled(e)}`);
      }
    });
    expect(rec.events).toEqual(["task got CancelledError@15", "awaiter cancelled=true@15"]);
  });

  it("an outside cancel before the deadline is not turned into TimeoutError", async () => {
    await runVirtual(function* () {
      const t = createTask(function* () {
        yield* withTimeout(1000, function* () {
          yield* sleep(5000);
        });
      });
      yield* sleep(10);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
    });
  });

  it("the deadline wins a tie with a result arriving in the same turn", async () => {
    const r = await runVirtual(function* () {
      const loop = getRunningLoop();
      const fut = loop.createFuture<string>();
      loop.callLater(100, () => fut.setResult("result")); // scheduled before the deadline timer
      try {
        return yield* withTimeout(100, function* () {
          return yield* fut;
        });
      } catch (e) {
        return `${(e as Error).name}@${now()}`;
      }
    });
    expect(r).toBe("TimeoutError@100");
  });

  it("a body that swallows the cancellation returns normally", async () => {
    const r = await runVirtual(function* () {
      const v = yield* withTimeout(10, function* (scope) {
        try {
          yield* sleep(100);
        } catch (e) {
          if (!isCancelled(e)) throw e;
        }
        return scope.expired() ? "expired but returned" : "?";
      });
      return [v, currentTask()!.cancelling()];
    });
    expect(r).toEqual(["expired but returned", 0]);
  });

  it("null disables the deadline; reschedule moves it", async () => {
    const r = await runVirtual(function* () {
      try {
        yield* withTimeout(null, function* (scope) {
          expect(scope.when()).toBeNull();
          yield* sleep(500);
          scope.reschedule(now() + 50);
          expect(scope.when()).toBe(550);
          yield* sleep(1000);
        });
      } catch (e) {
        return `${(e as Error).name}@${now()}`;
      }
    });
    expect(r).toBe("TimeoutError@550");
  });

  it("a deadline in the past expires on the next turn; rescheduling after expiry is refused", async () => {
    const r = await runVirtual(function* () {
      let scope: TimeoutScope | undefined;
      try {
        yield* withTimeoutAt(now() - 5, function* (s) {
          scope = s;
          yield* sleep(10);
        });
      } catch (e) {
        expect(() => scope!.reschedule(null)).toThrow(RuntimeError);
        return `${(e as Error).name}@${now()}`;
      }
    });
    expect(r).toBe("TimeoutError@0");
  });

  it("says how long it allowed, not the loop-clock deadline", async () => {
    const r = await runVirtual(function* () {
      const messages: string[] = [];
      yield* sleep(1312.3);
      const attempts = [
        () => withTimeout(2000, function* () { yield* sleep(5000); }),
        () => withTimeoutAt(getRunningLoop().time() + 750, function* () { yield* sleep(5000); }),
        () => withTimeout(10, function* (scope) { scope.reschedule(scope.when()! + 90); yield* sleep(5000); }),
      ];
      for (const attempt of attempts) {
        try {
          yield* attempt();
        } catch (e) {
          messages.push((e as Error).message);
        }
      }
      return messages;
    });
    expect(r).toEqual(["timed out after 2000 ms", "timed out after 750 ms", "timed out after 100 ms"]);
  });

  it("expires at the first suspension for a negative delay or a past deadline", async () => {
    const r = await runVirtual(function* () {
      yield* sleep(100);
      const seen: string[] = [];
      for (const attempt of [withTimeout(-1, function* () { seen.push("ran"); yield* sleep(10); }), withTimeoutAt(50, function* () { yield* sleep(10); })]) {
        try {
          yield* attempt;
        } catch (e) {
          seen.push(`${(e as Error).name}: ${(e as Error).message} @${now()}`);
        }
      }
      return seen;
    });
    expect(r).toEqual(["ran", "TimeoutError: timed out after 0 ms @100", "TimeoutError: timed out after 0 ms @100"]);
  });

  it("refuses bad deadlines and bodies, and use outside a task", async () => {
    expect(() => withTimeout(NaN, function* () {})).toThrow(RangeError);
    expect(() => withTimeoutAt(NaN, function* () {})).toThrow(RangeError);
    expect(() => withTimeout(1, 5 as never)).toThrow(TypeError);
    const it = withTimeout(1, function* () {})[Symbol.iterator]();
    expect(() => it.next()).toThrow(/must run inside a task/);
  });

  it("works with await from async code", async () => {
    await runVirtual(async () => {
      await expect(withTimeout(10, function* () { yield* sleep(100); })).rejects.toBeInstanceOf(TimeoutError);
      await expect(withTimeout(100, function* () { yield* sleep(10); return 1; })).resolves.toBe(1);
    });
  });
});
