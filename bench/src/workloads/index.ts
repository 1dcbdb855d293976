/** Every workload, in the order the tables are printed. */
import type { Workload } from "./types.js";
import { workload as spawnGather } from "./spawn-gather.js";
import { workload as timeout } from "./timeout.js";
import { workload as cancel } from "./cancel.js";
import { workload as queue } from "./queue.js";
import { workload as lock } from "./lock.js";
import { workload as semaphore } from "./semaphore.js";

// Each workload is generic in its own params/result; the harness only passes them through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkload = Workload<any, any>;

export const workloads: AnyWorkload[] = [spawnGather, timeout, cancel, queue, lock, semaphore];

export function findWorkload(id: string): AnyWorkload {
  const w = workloads.find((x) => x.id === id);
  if (!w) throw new Error(`unknown workload ${id}; known: ${workloads.map((x) => x.id).join(", ")}`);
  return w;
}
