import { n, type Workload } from "./types.js";

/**
 * Issue 2 (c): spawn N tasks that sleep 1 h inside try/finally, let every one start,
 * cancel each, wait for all. Every finally must run and every task must end cancelled.
 */
export interface Params { tasks: number; sleepMs: number }
export interface Result { started: number; finallies: number; cancelled: number }

export const workload: Workload<Params, Result> = {
  id: "cancel",
  title: (p) => `spawn ${n(p.tasks)} tasks sleeping ${p.sleepMs / 3_600_000} h, cancel all, wait for all`,
  issue: 2,
  params: {
    full: { tasks: 100_000, sleepMs: 3_600_000 },
    quick: { tasks: 10_000, sleepMs: 3_600_000 },
    warmup: { tasks: 5_000, sleepMs: 3_600_000 },
  },
  ops: (p) => p.tasks,
  verify: (p, r) =>
    r.started === p.tasks && r.finallies === p.tasks && r.cancelled === p.tasks
      ? null
      : `expected ${p.tasks} started/finallies/cancelled, got ${r.started}/${r.finallies}/${r.cancelled}`,
  contenders: [
    { name: "floor", role: "floor", note: "async fns, timers/promises setTimeout({ signal }), one AbortController per task" },
    { name: "corio", role: "corio", pkg: "corio", note: "createTask × N, task.cancel() each, gather(returnExceptions)" },
    { name: "corio-await", role: "corio", pkg: "corio", note: "same, each task an async function cancelled at its `await sleep()`" },
    { name: "effection", role: "peer", pkg: "effection", note: "spawn × N, task.halt() each, all(halts)" },
    { name: "effect", role: "peer", pkg: "effect", note: "forkChild × N, Fiber.interruptAll" },
    { name: "p-queue", role: "peer", pkg: "p-queue", note: "PQueue(concurrency ∞).add(({ signal }) => …, { signal }) per-task AbortController" },
  ],
};
