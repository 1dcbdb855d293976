import { n, triangular, type Workload } from "./types.js";

/** Issue 2 (b): N concurrent tasks, each runs its body (one sleep(0)) inside a 10 s timeout scope. */
export interface Params { tasks: number; timeoutMs: number }
export interface Result { count: number; sum: number }

export const workload: Workload<Params, Result> = {
  id: "timeout",
  title: (p) => `${n(p.tasks)} tasks, each body (one sleep(0)) inside a ${p.timeoutMs / 1000} s timeout scope`,
  issue: 2,
  params: {
    full: { tasks: 100_000, timeoutMs: 10_000 },
    quick: { tasks: 10_000, timeoutMs: 10_000 },
    warmup: { tasks: 5_000, timeoutMs: 10_000 },
  },
  ops: (p) => p.tasks,
  verify: (p, r) =>
    r.count === p.tasks && r.sum === triangular(p.tasks)
      ? null
      : `expected count ${p.tasks} sum ${triangular(p.tasks)}, got count ${r.count} sum ${r.sum}`,
  contenders: [
    { name: "floor", role: "floor", note: "Promise.race(body, setTimeout reject) + clearTimeout" },
    { name: "corio", role: "corio", pkg: "corio", note: "createTask × N, withTimeout(10 000, body), gather" },
    { name: "effection", role: "peer", pkg: "effection", note: "race([body, sleep(10 000) then throw])" },
    { name: "effect", role: "peer", pkg: "effect", note: "Effect.timeout(body, 10 000) inside Effect.forEach" },
    { name: "p-queue", role: "peer", pkg: "p-queue", note: "PQueue(concurrency ∞).add(fn, { timeout: 10 000 })" },
  ],
};
