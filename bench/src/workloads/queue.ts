import { n, triangular, type Workload } from "./types.js";

/** Issue 3 (d): one producer puts 0..N-1 into a bounded queue (maxsize 100), one consumer takes them. */
export interface Params { items: number; maxsize: number }
export interface Result { count: number; sum: number; inOrder: boolean }

export const workload: Workload<Params, Result> = {
  id: "queue",
  title: (p) => `bounded queue (maxsize ${p.maxsize}), ${n(p.items)} integers, 1 producer → 1 consumer`,
  issue: 3,
  params: {
    full: { items: 1_000_000, maxsize: 100 },
    quick: { items: 100_000, maxsize: 100 },
    warmup: { items: 50_000, maxsize: 100 },
  },
  ops: (p) => p.items,
  verify: (p, r) =>
    r.count === p.items && r.sum === triangular(p.items) && r.inOrder
      ? null
      : `expected ${p.items} items in order summing to ${triangular(p.items)}, got ${r.count} items sum ${r.sum} inOrder ${r.inOrder}`,
  contenders: [
    { name: "floor", role: "floor", note: "hand-written ring buffer + promise resolvers (util/floor-channel.ts)" },
    { name: "corio", role: "corio", pkg: "corio", note: "Queue(100), yield* put / yield* get" },
    { name: "effection", role: "peer", pkg: "effection", note: "bounded channel from withResolvers (util/effection-sync.ts)" },
    { name: "effect", role: "peer", pkg: "effect", note: "Queue.bounded(100), Queue.offer / Queue.take" },
    { name: "floor-fastpath", role: "ref", note: "floor that awaits only when it must wait (no microtask per item)" },
  ],
};
