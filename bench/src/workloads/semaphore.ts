import { n, type Workload } from "./types.js";

/** Issue 3 (f): N concurrent tasks limited by a semaphore of P permits, each yields once inside. */
export interface Params { tasks: number; permits: number }
export interface Result { count: number; maxInside: number }

export const workload: Workload<Params, Result> = {
  id: "semaphore",
  title: (p) => `${n(p.tasks)} tasks limited by Semaphore(${p.permits}), each yields once inside`,
  issue: 3,
  params: {
    full: { tasks: 100_000, permits: 100 },
    quick: { tasks: 10_000, permits: 100 },
    warmup: { tasks: 5_000, permits: 100 },
  },
  ops: (p) => p.tasks,
  verify: (p, r) =>
    r.count === p.tasks && r.maxInside === p.permits
      ? null
      : `expected ${p.tasks} runs with exactly ${p.permits} inside at peak, got ${r.count} runs, peak ${r.maxInside}`,
  contenders: [
    { name: "floor", role: "floor", note: "hand-written FIFO semaphore (util/floor-semaphore.ts)" },
    { name: "corio", role: "corio", pkg: "corio", note: "createTask × N, Semaphore(100).with(…), gather" },
    { name: "corio-acquire", role: "corio", pkg: "corio", note: "same, with yield* acquire() / try / finally release()" },
    { name: "corio-await", role: "corio", pkg: "corio", note: "same as corio-acquire, the tasks async functions: `await acquire()` / `await sleep(0)`" },
    { name: "corio-using", role: "corio", pkg: "corio", note: "same, with `using _ = yield* sem.hold()`" },
    { name: "corio-with-hoisted", role: "corio", pkg: "corio", note: "same as corio, the body function* written once outside the task" },
    { name: "corio-workers", role: "corio", pkg: "corio", note: "gather of 100 worker tasks taking the jobs in turn: no Semaphore object (effect-concurrency's shape)" },
    { name: "async-mutex", role: "peer", pkg: "async-mutex", note: "Semaphore(100).runExclusive" },
    { name: "async-sema", role: "peer", pkg: "async-sema", note: "Sema(100) acquire/release" },
    { name: "p-limit", role: "peer", pkg: "p-limit", note: "pLimit(100)(fn) × N" },
    { name: "p-queue", role: "peer", pkg: "p-queue", note: "PQueue(concurrency 100).add × N" },
    { name: "effection", role: "peer", pkg: "effection", note: "semaphore(100) from withResolvers (util/effection-sync.ts), sem.with(function* …)" },
    { name: "effect", role: "peer", pkg: "effect", note: "Effect.all(unbounded) of Semaphore.withPermits(1)(body)" },
    { name: "effect-concurrency", role: "peer", pkg: "effect", note: "Effect.all(tasks, { concurrency: 100 }): no Semaphore object" },
    { name: "floor-microtask", role: "floor-microtask", note: "the floor yielding a microtask (await null) instead of a loop turn: I/O never runs" },
  ],
};
