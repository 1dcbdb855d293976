/**
 * Cancelling a task made from an async function: the corio awaitable it awaits rejects
 * with CancelledError, as the `yield*` of a generator task would throw it.
 */
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  Event,
  Lock,
  Queue,
  StreamReader,
  TimeoutError,
  call,
  createSubprocessExec,
  createTask,
  currentTask,
  getRunningLoop,
  isCancelled,
  openConnection,
  run,
  sleep,
  startServer,
  waitFor,
  withTimeout,
  type EventLoop,
  type Task,
} from "corio";
import type { AddressInfo } from "node:net";
import { Recorder, now, runVirtual } from "../../test/support/record.js";

/** True when `loop` has no live timer left (a cancelled sleep must disarm its own). */
function noTimerLeft(loop: EventLoop): boolean {
  return (loop as unknown as { nextTimer(): unknown }).nextTimer() === undefined;
}

/** Waits for `t` and returns how it ended: "cancelled: msg", "value: v" or "error: msg". */
function* outcome(t: Task<unknown>): Generator<unknown, string, unknown> {
  try {
    return `value: ${String(yield* t)}`;
  } catch (e) {
    return isCancelled(e) ? `cancelled: ${(e as Error).message}` : `error: ${(e as Error).message}`;
  }
}

describe("an async-function task, cancelled while it awaits", () => {
  it("sleep: the await rejects with CancelledError(msg), finally runs, no timer is left", async () => {
    const rec = new Recorder();
    const r = await runVirtual(function* () {
      const t = createTask(async () => {
        try {
          await sleep(3_600_000);
          rec.add("slept on");
        } catch (e) {
          rec.add(`caught ${(e as Error).constructor.name} "${(e as Error).message}"`);
          throw e;
        } finally {
          rec.add("finally");
        }
      });
      yield* sleep(10);
      t.cancel("stop");
      const how = yield* outcome(t);
      return [how, t.cancelled(), now(), noTimerLeft(getRunningLoop())];
    });
    expect(r).toEqual(["cancelled: stop", true, 10, true]);
    expect(rec.events).toEqual(['caught CancelledError "stop"', "finally"]);
  });

  it("queue.get(): no waiter is left and an item put afterwards stays in the queue", async () => {
    const r = await runVirtual(function* () {
      const q = new Queue<number>();
      const t = createTask(async () => await q.get());
      yield* sleep(1);
      const parked = q._waiterCount();
      t.cancel();
      const how = yield* outcome(t);
      const left = q._waiterCount();
      q.putNowait(7);
      yield* sleep(0);
      yield* sleep(0);
      return [parked, how, left, q.qsize()];
    });
    expect(r).toEqual([1, "cancelled: ", 0, 1]);
  });

  it("lock.acquire(): it does not get the lock; the next waiter does", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const t = createTask(async () => {
        await lock.acquire();
        return "got it";
      });
      const next = createTask(async () => {
        await sleep(1); // queued behind t
        await lock.acquire();
        lock.release();
        return "next got it";
      });
      yield* sleep(5);
      t.cancel();
      yield* sleep(0);
      lock.release();
      return [yield* outcome(t), yield* outcome(next), lock.locked(), lock._waiterCount()];
    });
    expect(r).toEqual(["cancelled: ", "value: next got it", false, 0]);
  });

  it("event.wait()", async () => {
    const r = await runVirtual(function* () {
      const ev = new Event();
      const t = createTask(async () => ev.wait());
      const u = createTask(async () => {
        await ev.wait();
        return "set";
      });
      yield* sleep(1);
      t.cancel();
      const how = yield* outcome(t);
      ev.set();
      return [how, yield* outcome(u), ev._waiterCount()];
    });
    expect(r).toEqual(["cancelled: ", "value: set", 0]);
  });

  it("a stream read in `for await`: the loop stops, the reader stays usable", async () => {
    const r = await runVirtual(function* () {
      const reader = new StreamReader();
      const lines: string[] = [];
      const t = createTask(async () => {
        for await (const line of reader) lines.push(line.toString().trim());
      });
      reader.feedData("a\nb\n");
      yield* sleep(1);
      t.cancel();
      const how = yield* outcome(t);
      reader.feedData("c\n");
      return [how, lines, (yield* reader.readline()).toString()];
    });
    expect(r).toEqual(["cancelled: ", ["a", "b"], "c\n"]);
  });

  it("proc.wait() with killOnCancel: the child is terminated before the await rejects", async () => {
    const r = await run(
      function* () {
        let code: number | null = null;
        let pid = 0;
        const t = createTask(async () => {
          const proc = await createSubprocessExec("sleep", ["10"], { killOnCancel: true });
          pid = proc.pid;
          try {
            await proc.wait();
          } finally {
            code = proc.returncode;
          }
        });
        while (pid === 0) yield* sleep(5);
        yield* sleep(20);
        t.cancel();
        return [yield* outcome(t), code, alive(pid)];
      },
      { handleSignals: false },
    );
    expect(r).toEqual(["cancelled: ", -15, false]);
  });

  it("a server's async client handler: cancelling its task rejects its read", async () => {
    const r = await run(
      function* () {
        let handler: Task<unknown> | undefined;
        let seen = "";
        const server = yield* startServer(
          async (reader) => {
            handler = currentTask();
            try {
              await reader.readline();
              seen = "read a line";
            } catch (e) {
              seen = isCancelled(e) ? "cancelled" : String(e);
            }
          },
          "127.0.0.1",
          0,
        );
        const [, writer] = yield* openConnection("127.0.0.1", (server.address() as AddressInfo).port);
        while (handler === undefined) yield* sleep(5);
        yield* sleep(5);
        handler.cancel();
        yield* sleep(0); // let the handler's catch run and its task end
        while (!handler.done()) yield* sleep(5);
        writer.close();
        server.close();
        return seen;
      },
      { handleSignals: false },
    );
    expect(r).toBe("cancelled");
  });

  it("a Future and a task it awaits are cancelled with it", async () => {
    const r = await runVirtual(function* () {
      const fut = getRunningLoop().createFuture<number>();
      const inner = createTask(function* () {
        yield* sleep(1000);
      });
      const a = createTask(async () => fut);
      const b = createTask(async () => inner);
      yield* sleep(1);
      a.cancel();
      b.cancel();
      return [yield* outcome(a), fut.cancelled(), yield* outcome(b), inner.cancelled()];
    });
    expect(r).toEqual(["cancelled: ", true, "cancelled: ", true]);
  });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("an async-function task's cancellation, in depth", () => {
  it("reaches nested async calls and an async-function task it awaits", async () => {
    const rec = new Recorder();
    const r = await runVirtual(function* () {
      async function leaf(): Promise<void> {
        try {
          await sleep(1000);
        } finally {
          rec.add("leaf finally");
        }
      }
      async function middle(): Promise<void> {
        await sleep(1);
        await leaf();
      }
      const innerTask = createTask(async () => {
        try {
          await middle();
        } finally {
          rec.add("inner finally");
        }
      });
      const outer = createTask(async () => innerTask);
      yield* sleep(5);
      outer.cancel("deep");
      return [yield* outcome(outer), innerTask.cancelled()];
    });
    expect(r).toEqual(["cancelled: deep", true]);
    expect(rec.events).toEqual(["leaf finally", "inner finally"]);
  });

  it("finally may await (async cleanup runs to its end) before the task ends cancelled", async () => {
    const rec = new Recorder();
    const r = await runVirtual(function* () {
      const t = createTask(async () => {
        try {
          await sleep(1000);
        } finally {
          rec.at("cleanup start");
          await sleep(50);
          rec.at("cleanup end");
        }
      });
      yield* sleep(10);
      t.cancel();
      const how = yield* outcome(t);
      rec.at("awaiter sees the end");
      return how;
    });
    expect(r).toBe("cancelled: ");
    expect(rec.events).toEqual(["cleanup start@10", "cleanup end@60", "awaiter sees the end@60"]);
  });

  it("a function that catches CancelledError and goes on ends with its value; a second cancel reaches it again", async () => {
    const r = await runVirtual(function* () {
      const t = createTask(async () => {
        let caught = 0;
        for (let i = 0; i < 2; i++) {
          try {
            await sleep(1000);
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            caught++;
          }
        }
        await sleep(1);
        return `caught ${caught}`;
      });
      yield* sleep(10);
      t.cancel();
      yield* sleep(10);
      t.cancel();
      return [yield* outcome(t), t.cancelled(), now()];
    });
    expect(r).toEqual(["value: caught 2", false, 21]);
  });

  it("cancelled while it awaits a plain promise: code runs on to its next corio await, which rejects at once", async () => {
    const rec = new Recorder();
    const r = await runVirtual(function* () {
      let resolve!: () => void;
      const plain = new Promise<void>((r) => (resolve = r));
      const t = createTask(async () => {
        await plain;
        rec.add("ran on after the plain promise");
        await sleep(1000);
        rec.add("never");
      });
      yield* sleep(5);
      t.cancel("later");
      rec.add(`pending after cancel: ${!t.done()}`);
      resolve();
      return [yield* outcome(t), now()];
    });
    expect(r).toEqual(["cancelled: later", 5]);
    expect(rec.events).toEqual(["pending after cancel: true", "ran on after the plain promise"]);
  });

  it("a function that takes the signal can end cancelled through it (fetch-style)", async () => {
    const r = await runVirtual(function* () {
      const t = createTask(async (signal) => {
        await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      });
      yield* sleep(1);
      t.cancel("via signal");
      return [yield* outcome(t), t.cancelled()];
    });
    expect(r).toEqual(["cancelled: via signal", true]);
  });

  it("currentTask() is the task after an await; cancelling() counts and uncancel() withdraws", async () => {
    const r = await runVirtual(function* () {
      const seen: unknown[] = [];
      const t = createTask(async () => {
        await sleep(1);
        seen.push(currentTask() === t);
        try {
          await sleep(1000);
        } catch {
          seen.push(currentTask()!.cancelling());
          seen.push(currentTask()!.uncancel());
        }
        return "done";
      });
      yield* sleep(5);
      t.cancel();
      const how = yield* outcome(t);
      return [how, seen, currentTask()!.getName()];
    });
    expect(r).toEqual(["value: done", [true, 1, 0], "main"]);
  });

  it("a loop callback queued from an async function runs outside any task", async () => {
    const r = await runVirtual(function* () {
      const seen: unknown[] = [];
      const t = createTask(async () => {
        await sleep(1);
        getRunningLoop().callSoon(() => seen.push(currentTask()));
        await sleep(1);
      });
      yield* t;
      return seen;
    });
    expect(r).toEqual([undefined]);
  });

  it("every corio awaitable of a Promise.all is cancelled", async () => {
    const r = await runVirtual(function* () {
      const q = new Queue<number>();
      const ev = new Event();
      const t = createTask(async () => Promise.all([q.get(), ev.wait(), sleep(1000)]));
      yield* sleep(1);
      t.cancel();
      const how = yield* outcome(t);
      yield* sleep(0);
      return [how, q._waiterCount(), ev._waiterCount(), noTimerLeft(getRunningLoop())];
    });
    expect(r).toEqual(["cancelled: ", 0, 0, true]);
  });

  it("a function returning a corio awaitable is driven like one: cancelled at once", async () => {
    const r = await runVirtual(function* () {
      const t = createTask(() => sleep(1000, "late"));
      yield* sleep(1);
      t.cancel();
      return [yield* outcome(t), now()];
    });
    expect(r).toEqual(["cancelled: ", 1]);
  });

  it("a generator task started from an async function is not cancelled with it unless awaited", async () => {
    const r = await runVirtual(function* () {
      let child: Task<string> | undefined;
      const t = createTask(async () => {
        child = createTask(function* () {
          yield* sleep(20);
          return "child done";
        });
        await sleep(1000);
      });
      yield* sleep(1);
      t.cancel();
      return [yield* outcome(t), yield* outcome(child!)];
    });
    expect(r).toEqual(["cancelled: ", "value: child done"]);
  });
});

describe("timeouts around and inside async-function tasks", () => {
  it("waitFor(asyncTask) times out: the task is cancelled at its await and its finally runs first", async () => {
    const rec = new Recorder();
    const r = await runVirtual(function* () {
      const t = createTask(async () => {
        try {
          await sleep(1000);
        } finally {
          rec.at("finally");
        }
      });
      try {
        yield* waitFor(t, 30);
        return "no timeout";
      } catch (e) {
        return [e instanceof TimeoutError, t.cancelled(), now()];
      }
    });
    expect(r).toEqual([true, true, 30]);
    expect(rec.events).toEqual(["finally@30"]);
  });

  it("withTimeout awaited inside an async function raises TimeoutError there", async () => {
    const r = await runVirtual(async () => {
      try {
        await withTimeout(20, function* () {
          yield* sleep(1000);
        });
        return "no timeout";
      } catch (e) {
        return [e instanceof TimeoutError, now(), noTimerLeft(getRunningLoop())];
      }
    });
    expect(r).toEqual([true, 20, true]);
  });

  it("an outer cancel of the async task during withTimeout stays a CancelledError", async () => {
    const r = await runVirtual(function* () {
      const t = createTask(async () => {
        await withTimeout(1000, function* () {
          yield* sleep(500);
        });
      });
      yield* sleep(10);
      t.cancel("outer");
      return yield* outcome(t);
    });
    expect(r).toBe("cancelled: outer");
  });
});

describe("call() inside an async-function task", () => {
  it("a cancel aborts its signal and rejects the await at once", async () => {
    const r = await runVirtual(function* () {
      let aborted = false;
      const t = createTask(async () => {
        await call(
          (signal) =>
            new Promise<void>(() => {
              signal.addEventListener("abort", () => (aborted = true));
            }),
        );
      });
      yield* sleep(1);
      t.cancel("no more");
      return [yield* outcome(t), aborted];
    });
    expect(r).toEqual(["cancelled: no more", true]);
  });

  it("still resolves with the promise's value", async () => {
    expect(await runVirtual(async () => (await call(async () => 6)) * 7)).toBe(42);
  });
});
