import type { Params, Result } from "../../workloads/lock.js";
import { FloorSemaphore } from "../../util/floor-semaphore.js";

export default async function floorMicrotask(p: Params): Promise<Result> {
  const lock = new FloorSemaphore(1);
  const r: Result = { counter: 0, maxHolders: 0 };
  let holders = 0;

  async function worker(): Promise<void> {
    for (let k = 0; k < p.iterations; k++) {
      await lock.acquire();
      try {
        if (++holders > r.maxHolders) r.maxHolders = holders;
        const v = r.counter;
        await null; // one microtask: the cheapest yield, in which I/O never runs
        r.counter = v + 1;
        holders--;
      } finally {
        lock.release();
      }
    }
  }

  const workers = [];
  for (let t = 0; t < p.tasks; t++) workers.push(worker());
  await Promise.all(workers);
  return r;
}
