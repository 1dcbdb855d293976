/**
 * Random interleavings of producers, consumers, lock and semaphore users, with random
 * cancellations and timeouts, under a VirtualClock. After everything settles: nothing
 * lost, nothing duplicated, limits never exceeded, no waiter record and no task left.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allTasks, createTask, LifoQueue, Lock, PriorityQueue, Queue, run, Semaphore, sleep, VirtualClock, wait, withTimeout,
  type Coro, type Task,
} from "corio";

/** One actor: a start delay, per-step delays, an optional timeout per wait, an optional cancel time. */
const actor = fc.record({
  start: fc.integer({ min: 0, max: 5 }),
  steps: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 }),
  timeout: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  cancelAt: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
});
type Actor = typeof actor extends fc.Arbitrary<infer A> ? A : never;

/** Runs `body` under a timeout if the actor has one; a timeout just skips that step. */
function* maybeTimeout(a: Actor, body: () => Coro<void>): Coro<void> {
  if (a.timeout === undefined) return yield* body();
  try {
    yield* withTimeout(a.timeout, body);
  } catch (e) {
    if ((e as Error).name !== "TimeoutError") throw e;
  }
}

/** Starts the actors, cancels the ones with a cancelAt, waits for all of them to finish. */
function* runActors(actors: Actor[], make: (a: Actor, i: number) => Coro<void>): Coro<void> {
  const tasks: Task<void>[] = actors.map((a, i) => createTask(make(a, i)));
  actors.forEach((a, i) => {
    if (a.cancelAt !== undefined) createTask(function* () { yield* sleep(a.cancelAt!); tasks[i]!.cancel(); });
  });
  // Consumers may wait forever for items nobody puts: stop whatever is still blocked.
  const { pending } = yield* wait(tasks, { timeout: 200 });
  for (const t of pending) t.cancel();
  if (pending.size > 0) yield* wait([...pending]);
  yield* sleep(50); // let the cancellers finish
}

const settle = <T>(main: () => Coro<T>) => run(main, { clock: new VirtualClock() });

describe("properties", () => {
  it("queues: every item put is got exactly once or still queued; no waiter leaks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("fifo", "lifo", "priority"),
        fc.integer({ min: 0, max: 3 }),
        fc.array(actor, { minLength: 1, maxLength: 4 }),
        fc.array(actor, { minLength: 1, maxLength: 4 }),
        async (kind, maxsize, producers, consumers) => {
          const r = await settle(function* () {
            const q = kind === "fifo" ? new Queue<number>(maxsize) : kind === "lifo" ? new LifoQueue<number>(maxsize) : new PriorityQueue<number>(maxsize);
            const put: number[] = [];
            const got: number[] = [];
            const all = [...producers, ...consumers];
            yield* runActors(all, (a, i) => (function* () {
              yield* sleep(a.start);
              for (let s = 0; s < a.steps.length; s++) {
                if (i < producers.length) {
                  const item = i * 100 + s;
                  yield* maybeTimeout(a, function* () { yield* q.put(item); put.push(item); });
                } else {
                  yield* maybeTimeout(a, function* () { got.push(yield* q.get()); });
                }
                yield* sleep(a.steps[s]!);
              }
            })());
            const left: number[] = [];
            while (!q.empty()) left.push(q.getNowait());
            return { put, got, left, waiters: q._waiterCount(), tasks: allTasks().size };
          });
          expect([...r.got, ...r.left].sort((a, b) => a - b)).toEqual([...r.put].sort((a, b) => a - b));
          expect(r.waiters).toBe(0);
          expect(r.tasks).toBe(1); // only main
        },
      ),
      { numRuns: 150 },
    );
  });

  it("Semaphore(n): never more than n inside; every permit back and no waiter once settled", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(actor, { minLength: 1, maxLength: 7 }), async (n, users) => {
        const r = await settle(function* () {
          const sem = new Semaphore(n);
          let inside = 0, most = 0;
          yield* runActors(users, (a) => (function* () {
            yield* sleep(a.start);
            for (const d of a.steps) {
              yield* maybeTimeout(a, () => sem.with(function* () {
                most = Math.max(most, ++inside);
                try { yield* sleep(d); } finally { inside--; }
              })[Symbol.iterator]() as Coro<void>);
            }
          })());
          let free = 0;
          while (!sem.locked()) { yield* sem.acquire(); free++; }
          return { most, inside, free, waiters: sem._waiterCount(), tasks: allTasks().size };
        });
        expect(r.most).toBeLessThanOrEqual(n);
        expect(r.inside).toBe(0);
        expect(r.free).toBe(n);
        expect(r.waiters).toBe(0);
        expect(r.tasks).toBe(1);
      }),
      { numRuns: 150 },
    );
  });

  it("Lock: holders never overlap; unlocked with no waiter once settled", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actor, { minLength: 1, maxLength: 7 }), async (users) => {
        const r = await settle(function* () {
          const lock = new Lock();
          let holder = -1, overlaps = 0, entries = 0;
          yield* runActors(users, (a, i) => (function* () {
            yield* sleep(a.start);
            for (const d of a.steps) {
              yield* maybeTimeout(a, () => lock.with(function* () {
                if (holder !== -1) overlaps++;
                holder = i;
                entries++;
                try { yield* sleep(d); } finally { holder = -1; }
              })[Symbol.iterator]() as Coro<void>);
            }
          })());
          return { overlaps, entries, locked: lock.locked(), waiters: lock._waiterCount(), tasks: allTasks().size };
        });
        expect(r.overlaps).toBe(0);
        expect(r.locked).toBe(false);
        expect(r.waiters).toBe(0);
        expect(r.tasks).toBe(1);
      }),
      { numRuns: 150 },
    );
  });
});
