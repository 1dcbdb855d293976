import { n, type Workload } from "./types.js";

/**
 * Issue 3 (e): T tasks each take one shared lock K times and yield once while holding it.
 * Inside, each does `v = counter; yield; counter = v + 1`: any lost exclusion loses increments.
 */
export interface Params { tasks: number; iterations: number }
export interface Result { counter: number; maxHolders: number }

export const workload: Workload<Params, Result> = {
  id: "lock",
  title: (p) => `${n(p.tasks)} tasks × ${n(p.iterations)} acquisitions of one Lock, yield once while holding`,
  issue: 3,
  params: {
    full: { tasks: 100, iterations: 10_000 },
    quick: { tasks: 100, iterations: 1_000 },
    warmup: { tasks: 100, iterations: 100 },
  },
  ops: (p) => p.tasks * p.iterations,
  verify: (p, r) =>
    r.counter === p.tasks * p.iterations && r.maxHolders === 1
      ? null
      : `expected counter ${p.tasks * p.iterations} and 1 holder, got ${r.counter} and ${r.maxHolders}`,
  contenders: [
    { name: "floor", role: "floor", note: "hand-written FIFO mutex (util/floor-semaphore.ts, 1 permit)" },
    { name: "corio", role: "corio", pkg: "corio", note: "Lock, lock.with(function* …)" },
    { name: "corio-acquire", role: "corio", pkg: "corio", note: "same, with yield* acquire() / try / finally release()" },
    { name: "corio-await", role: "corio", pkg: "corio", note: "same as corio-acquire, the tasks async functions: `await acquire()` / `await sleep(0)`" },
    { name: "corio-using", role: "corio", pkg: "corio", note: "same, with `using _ = yield* lock.hold()`" },
    { name: "corio-with-hoisted", role: "corio", pkg: "corio", note: "same as corio, the body function* written once outside the loop" },
    { name: "async-mutex", role: "peer", pkg: "async-mutex", note: "Mutex.runExclusive" },
    { name: "async-sema", role: "peer", pkg: "async-sema", note: "Sema(1) acquire/release" },
    { name: "p-limit", role: "peer", pkg: "p-limit", note: "pLimit(1)(fn)" },
    { name: "p-queue", role: "peer", pkg: "p-queue", note: "PQueue(concurrency 1).add(fn)" },
    { name: "effection", role: "peer", pkg: "effection", note: "semaphore(1) from withResolvers (util/effection-sync.ts), lock.with(function* …)" },
    { name: "effect", role: "peer", pkg: "effect", note: "Semaphore.makeUnsafe(1).withPermits(1)" },
    { name: "floor-microtask", role: "floor-microtask", note: "the floor yielding a microtask (await null) instead of a loop turn: I/O never runs" },
  ],
};
