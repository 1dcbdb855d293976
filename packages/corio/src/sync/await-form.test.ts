/**
 * The `await` form of the sync primitives (task/await-wakeup.ts): an async function that
 * awaits a Lock, a Semaphore, an Event or `sleep(0)` waits on the parked waiter itself —
 * no task per await — with the cancellation, FIFO order and no-leak guarantees of `yield*`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allTasks,
  createTask,
  Event,
  getRunningLoop,
  isCancelled,
  Lock,
  run,
  Semaphore,
  sleep,
  VirtualClock,
  wait,
  type Task,
} from "corio";
import { Recorder, runVirtual } from "../../test/support/record.js";

/** Waits (from a generator) until `t` is done and says how it ended. */
/** A task whose async function awaits the lock, notes that it got it, and releases it. */
function lockUser(lock: Lock, rec: Recorder, name: string): Task<void> {
  return createTask(async () => {
    await lock.acquire();
    rec.add(`${name} got it`);
    lock.release();
  });
}

function* outcome(t: Task<unknown>): Generator<unknown, string, unknown> {
  try {
    return `value: ${String(yield* t)}`;
  } catch (e) {
    return isCancelled(e) ? "cancelled" : `error: ${(e as Error).message}`;
  }
}

describe("await on a sync primitive", () => {
  it("creates no task of its own, contended or not", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      const seen: number[] = [];
      const a = createTask(async () => {
        await lock.acquire(); // free: taken at once
        seen.push(allTasks().size);
        await sleep(0);
        seen.push(allTasks().size);
        lock.release();
      });
      const b = createTask(async () => {
        await lock.acquire(); // parked behind a
        seen.push(allTasks().size);
        lock.release();
      });
      yield* wait([a, b]);
      return seen;
    });
    // main, a and b: nothing else, at any await.
    expect(r).toEqual([3, 3, 2]);
  });

  it("grants a Lock in the order the awaits began", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      const rec = new Recorder();
      const tasks = ["a", "b", "c", "d"].map((name) =>
        createTask(async () => {
          rec.add(`ask ${name}`);
          await lock.acquire();
          rec.add(`got ${name}`);
          await sleep(0);
          lock.release();
        }),
      );
      yield* wait(tasks);
      return { events: rec.events, locked: lock.locked(), waiters: lock._waiterCount() };
    });
    expect(r.events).toEqual(["ask a", "ask b", "ask c", "ask d", "got a", "got b", "got c", "got d"]);
    expect(r).toMatchObject({ locked: false, waiters: 0 });
  });

  it("cancelled while parked: the await rejects, the next waiter gets the lock, no waiter is left", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const rec = new Recorder();
      const b = lockUser(lock, rec, "b");
      const c = lockUser(lock, rec, "c");
      yield* sleep(1);
      b.cancel();
      yield* sleep(1);
      lock.release();
      return { b: yield* outcome(b), c: yield* outcome(c), events: rec.events, locked: lock.locked(), waiters: lock._waiterCount() };
    });
    expect(r).toEqual({ b: "cancelled", c: "value: undefined", events: ["c got it"], locked: false, waiters: 0 });
  });

  it("cancelled after its wakeup, before it ran: it gives the lock up and the next waiter gets it", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const rec = new Recorder();
      const b = lockUser(lock, rec, "b");
      const c = lockUser(lock, rec, "c");
      yield* sleep(1);
      lock.release(); // wakes b…
      b.cancel(); // …which is cancelled before its wakeup runs
      return { b: yield* outcome(b), c: yield* outcome(c), events: rec.events, locked: lock.locked(), waiters: lock._waiterCount() };
    });
    expect(r).toEqual({ b: "cancelled", c: "value: undefined", events: ["c got it"], locked: false, waiters: 0 });
  });

  it("a cancel that found the task awaiting a plain promise lands on its next acquire, which takes nothing", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      const sem = new Semaphore(1);
      let release!: () => void;
      const plain = new Promise<void>((resolve) => (release = resolve));
      const rec = new Recorder();
      const t = createTask(async () => {
        await plain;
        try {
          await lock.acquire();
          rec.add("got the lock");
        } catch (e) {
          rec.add(isCancelled(e) ? "lock: cancelled" : "lock: other");
        }
        await sem.acquire(); // the cancel was delivered once: this one succeeds
        rec.add("got a permit");
        sem.release();
      });
      yield* sleep(1);
      t.cancel();
      release();
      return { t: yield* outcome(t), events: rec.events, locked: lock.locked() };
    });
    expect(r).toEqual({ t: "value: undefined", events: ["lock: cancelled", "got a permit"], locked: false });
  });

  it("Event.wait and sleep(0) reject with CancelledError when the task is cancelled", async () => {
    const r = await runVirtual(function* () {
      const ev = new Event();
      const waiting = createTask(async () => ev.wait().then(() => "set"));
      const yielding = createTask(async () => {
        await sleep(0);
        return "slept";
      });
      yield* sleep(0); // both started and awaiting
      waiting.cancel();
      yielding.cancel();
      return { waiting: yield* outcome(waiting), yielding: yield* outcome(yielding), waiters: ev._waiterCount() };
    });
    expect(r).toEqual({ waiting: "cancelled", yielding: "cancelled", waiters: 0 });
  });

  it("then(cb) on a parked acquire calls cb later, never inside then(), and settles with cb's result", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const rec = new Recorder();
      const p = lock.acquire().then((v) => {
        rec.add(`cb ${String(v)}`);
        return "from cb";
      });
      rec.add("then returned");
      lock.release();
      const settled = yield* outcome(createTask(() => p));
      lock.release();
      return { events: rec.events, settled };
    });
    expect(r).toEqual({ events: ["then returned", "cb true"], settled: "value: from cb" });
  });

  it("what then(cb) returns settles with cb's result for chains made before and after the wait ended", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const parked = lock.acquire().then((v) => `cb ${String(v)}`);
      const turn = sleep(0, "slept").then((v) => `${v}!`);
      const early = parked.then((v) => `early: ${v}`);
      lock.release();
      yield* sleep(1); // both waits ended and nobody has chained on `turn` yet
      const late = yield* outcome(createTask(() => parked.then((v) => `late: ${v}`)));
      const turned = yield* outcome(createTask(() => turn));
      lock.release();
      return { early: yield* outcome(createTask(() => early)), late, turned };
    });
    expect(r).toEqual({ early: "value: early: cb true", late: "value: late: cb true", turned: "value: slept!" });
  });

  it("then(cb) without a rejection handler on a cancelled wait: what it returned rejects with CancelledError, chained before or after", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      let parked!: PromiseLike<string>;
      let early!: PromiseLike<string>;
      const t = createTask(async () => {
        parked = lock.acquire().then((v) => `got ${String(v)}`);
        early = parked.then(
          (v) => `early: ${v}`,
          (e) => (isCancelled(e) ? "early: cancelled" : "early: other"),
        );
        await sleep(10);
      });
      yield* sleep(1);
      t.cancel(); // cancels both of its waits: the acquire and the sleep
      const ended = yield* outcome(t);
      const late = yield* outcome(createTask(() => parked));
      const earlier = yield* outcome(createTask(() => early));
      lock.release();
      return { t: ended, late, early: earlier, waiters: lock._waiterCount(), locked: lock.locked() };
    });
    expect(r).toEqual({ t: "cancelled", late: "cancelled", early: "value: early: cancelled", waiters: 0, locked: false });
  });

  it("what then() returned has catch and finally, as a promise has", async () => {
    const r = await runVirtual(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const rec = new Recorder();
      let chained!: Promise<string>;
      const t = createTask(async () => {
        const p = lock.acquire().then(() => "granted") as Promise<string>;
        chained = p.catch((e: unknown) => (isCancelled(e) ? "caught" : "other")).finally(() => rec.add("finally"));
        await sleep(10);
      });
      yield* sleep(1);
      t.cancel();
      const settled = yield* outcome(createTask(() => chained));
      lock.release();
      return { settled, events: rec.events, t: yield* outcome(t) };
    });
    expect(r).toEqual({ settled: "value: caught", events: ["finally"], t: "cancelled" });
  });

  it("an async task spinning on `await sleep(0)` still lets Node run (a macrotask hop within 64 turns)", async () => {
    const spins = await run(
      async () => {
        let n = 0;
        let stop = false;
        const spinner = createTask(async () => {
          while (!stop) {
            await sleep(0);
            n++;
          }
        });
        const atImmediate = await new Promise<number>((resolve) => setImmediate(() => resolve(n)));
        stop = true;
        await spinner;
        return atImmediate;
      },
      { handleSignals: false },
    );
    expect(spins).toBeLessThanOrEqual(66);
  });
});

const user = fc.record({
  kind: fc.constantFrom("lock" as const, "sem" as const),
  start: fc.integer({ min: 0, max: 3 }),
  /** Time held per acquisition; 0 = one `await sleep(0)`. */
  holds: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
  cancelAt: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
});
type User = typeof user extends fc.Arbitrary<infer U> ? U : never;

describe("await-form lock and semaphore users under random cancellation", () => {
  it("no lost or duplicated grant, limits kept, FIFO grants, no waiter or task left", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(user, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 3 }), async (users, permits) => {
        const r = await run(
          function* () {
            const lock = new Lock();
            const sem = new Semaphore(permits);
            const inside = { lock: 0, sem: 0 };
            const peak = { lock: 0, sem: 0 };
            const order = { lock: [] as string[], sem: [] as string[] };
            const asked = { lock: [] as string[], sem: [] as string[] };
            let entered = 0;
            let left = 0;
            const tasks = users.map((u, i) =>
              createTask(async () => {
                await sleep(u.start);
                for (let k = 0; k < u.holds.length; k++) {
                  const id = `${i}.${k}`;
                  const prim = u.kind === "lock" ? lock : sem;
                  asked[u.kind].push(id);
                  await prim.acquire();
                  order[u.kind].push(id);
                  entered++;
                  peak[u.kind] = Math.max(peak[u.kind], ++inside[u.kind]);
                  try {
                    await sleep(u.holds[k]!);
                  } finally {
                    inside[u.kind]--;
                    left++;
                    prim.release();
                  }
                }
              }),
            );
            users.forEach((u, i) => {
              if (u.cancelAt !== undefined) getRunningLoop().callLater(u.cancelAt, () => tasks[i]!.cancel());
            });
            yield* wait(tasks);
            yield* sleep(20); // the scheduled cancels fire on done tasks: no-ops
            // FIFO: of the grants, each came in the order it was asked for.
            const fifo = (k: "lock" | "sem") => order[k].every((id, j) => j === 0 || asked[k].indexOf(order[k][j - 1]!) < asked[k].indexOf(id));
            return {
              peakOk: peak.lock <= 1 && peak.sem <= permits,
              balanced: entered === left,
              fifo: fifo("lock") && fifo("sem"),
              locked: lock.locked(),
              freePermits: sem.locked() ? -1 : permits - sem["_value"],
              waiters: lock._waiterCount() + sem._waiterCount(),
              tasks: allTasks().size,
            };
          },
          { clock: new VirtualClock(), handleSignals: false },
        );
        expect(r).toEqual({ peakOk: true, balanced: true, fifo: true, locked: false, freePermits: 0, waiters: 0, tasks: 1 });
      }),
      { numRuns: 150 },
    );
  });
});
