import { n, triangular, type Workload } from "./types.js";

/** Issue 2 (a): spawn N tasks that each yield once (sleep(0)), then gather all results. */
export interface Params { tasks: number }
export interface Result { count: number; sum: number }

export const workload: Workload<Params, Result> = {
  id: "spawn-gather",
  title: (p) => `spawn ${n(p.tasks)} tasks, each sleep(0) once, gather`,
  issue: 2,
  params: {
    full: { tasks: 100_000 },
    quick: { tasks: 10_000 },
    warmup: { tasks: 5_000 },
  },
  ops: (p) => p.tasks,
  verify: (p, r) =>
    r.count === p.tasks && r.sum === triangular(p.tasks)
      ? null
      : `expected count ${p.tasks} sum ${triangular(p.tasks)}, got count ${r.count} sum ${r.sum}`,
  contenders: [
    { name: "floor", role: "floor", note: "async fns, await setImmediate, Promise.all" },
    { name: "corio", role: "corio", pkg: "corio", note: "createTask × N, yield* sleep(0), gather" },
    { name: "corio-await", role: "corio", pkg: "corio", note: "same, each task an async function: `await sleep(0)` (cancellable at the await)" },
    { name: "effection", role: "peer", pkg: "effection", note: "all([...]) of operations yielding via setImmediate action" },
    { name: "effect", role: "peer", pkg: "effect", note: "Effect.forEach(concurrency unbounded) of Effect.yieldNow" },
    { name: "p-queue", role: "peer", pkg: "p-queue", note: "PQueue(concurrency ∞).add × N, Promise.all" },
    { name: "floor-microtask", role: "floor-microtask", note: "the floor yielding a microtask (await null) instead of a loop turn: I/O never runs" },
  ],
};
