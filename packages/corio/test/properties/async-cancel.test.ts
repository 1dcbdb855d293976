/**
 * Async-function tasks running random sequences of corio awaits (queue put/get, a lock,
 * an event, sleeps, nested async calls, Promise.all), cancelled at random times, some
 * swallowing the cancel, under a VirtualClock. After everything settles: each task ended
 * cancelled exactly when its function threw CancelledError, else with its function's
 * value; no queue item was lost or duplicated; no waiter, lock, timer or task is left.
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
  Queue,
  run,
  sleep,
  VirtualClock,
  wait,
  type Task,
} from "corio";

const step = fc.oneof(
  fc.record({ kind: fc.constant("sleep" as const), ms: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant("get" as const) }),
  fc.record({ kind: fc.constant("put" as const) }),
  fc.record({ kind: fc.constant("lock" as const), ms: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant("event" as const) }),
  fc.record({ kind: fc.constant("nested" as const), ms: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant("all" as const), ms: fc.integer({ min: 0, max: 3 }) }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

const actor = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 8 }),
  /** Loop times at which the task is cancelled (none, one, or several). */
  cancels: fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 3 }),
  /** Catch CancelledError around each step and go on (the task may then end with its value). */
  swallow: fc.boolean(),
});
type Actor = typeof actor extends fc.Arbitrary<infer A> ? A : never;

type Outcome = { returned: string } | { threw: unknown };

describe("async-function tasks under random cancellation", () => {
  it("end cancelled or with their value; no queue item lost; nothing left behind", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(actor, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 20 }),
        async (actors, maxsize, eventAt) => {
          const r = await run(
            function* () {
              const q = new Queue<number>(maxsize);
              const lock = new Lock();
              const ev = new Event();
              const put: number[] = [];
              const got: number[] = [];
              const outcomes: (Outcome | undefined)[] = actors.map(() => undefined);
              let nextItem = 0;

              async function nestedSleep(ms: number): Promise<void> {
                await sleep(ms);
                await sleep(0);
              }

              async function runStep(s: Step): Promise<void> {
                switch (s.kind) {
                  case "sleep":
                    await sleep(s.ms);
                    break;
                  case "get":
                    got.push(await q.get()); // recorded as soon as the await returns
                    break;
                  case "put": {
                    const item = nextItem++;
                    await q.put(item);
                    put.push(item);
                    break;
                  }
                  case "lock":
                    await lock.acquire();
                    try {
                      await sleep(s.ms);
                    } finally {
                      lock.release();
                    }
                    break;
                  case "event":
                    await ev.wait();
                    break;
                  case "nested":
                    await nestedSleep(s.ms);
                    break;
                  case "all":
                    await Promise.all([sleep(s.ms), sleep(s.ms + 1)]);
                    break;
                }
              }

              const tasks: Task<string>[] = actors.map((a, i) =>
                createTask(async () => {
                  try {
                    for (const s of a.steps) {
                      try {
                        await runStep(s);
                      } catch (e) {
                        if (!a.swallow || !isCancelled(e)) throw e;
                      }
                    }
                    outcomes[i] = { returned: `actor ${i} done` };
                    return `actor ${i} done`;
                  } catch (e) {
                    outcomes[i] = { threw: e };
                    throw e;
                  }
                }),
              );
              actors.forEach((a, i) => {
                for (const at of a.cancels) getRunningLoop().callLater(at, () => tasks[i]!.cancel(`cancel@${at}`));
              });
              getRunningLoop().callLater(eventAt, () => ev.set());
              // Getters may wait forever for items nobody puts (and putters for room):
              // stop whatever is still blocked, with more cancels. A swallowing task goes
              // on to its next step after each, so repeat (each cancel ends one step).
              let { pending } = yield* wait(tasks, { timeout: 100 });
              while (pending.size > 0) {
                for (const t of pending) t.cancel("cleanup");
                ({ pending } = yield* wait([...pending], { timeout: 100 }));
              }
              yield* sleep(30); // let the scheduled cancels fire (on done tasks: no-ops)

              const left: number[] = [];
              while (!q.empty()) left.push(q.getNowait());
              const ends = tasks.map((t, i) => {
                const o = outcomes[i];
                if (t.cancelled()) return o !== undefined && "threw" in o && isCancelled(o.threw) ? "ok" : `cancelled, but the function ${JSON.stringify(o)}`;
                const value = t.result();
                return o !== undefined && "returned" in o && o.returned === value ? "ok" : `ended with ${value}, the function ${JSON.stringify(o)}`;
              });
              const timerLeft = (getRunningLoop() as unknown as { nextTimer(): unknown }).nextTimer() !== undefined;
              return { put, got, left, ends, waiters: q._waiterCount() + lock._waiterCount() + ev._waiterCount(), locked: lock.locked(), timerLeft, tasks: allTasks().size };
            },
            { clock: new VirtualClock(), handleSignals: false },
          );
          expect(r.ends).toEqual(actors.map(() => "ok"));
          expect([...r.got, ...r.left].sort((a, b) => a - b)).toEqual([...r.put].sort((a, b) => a - b));
          expect(r.waiters).toBe(0);
          expect(r.locked).toBe(false);
          expect(r.timerLeft).toBe(false);
          expect(r.tasks).toBe(1); // only main
        },
      ),
      { numRuns: 150 },
    );
  });
});
