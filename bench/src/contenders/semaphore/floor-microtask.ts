import type { Params, Result } from "../../workloads/semaphore.js";
import { FloorSemaphore } from "../../util/floor-semaphore.js";

export default async function floorMicrotask(p: Params): Promise<Result> {
  const sem = new FloorSemaphore(p.permits);
  const r: Result = { count: 0, maxInside: 0 };
  let inside = 0;

  async function task(): Promise<void> {
    await sem.acquire();
    try {
      if (++inside > r.maxInside) r.maxInside = inside;
      await null; // one microtask: the cheapest yield, in which I/O never runs
      inside--;
      r.count++;
    } finally {
      sem.release();
    }
  }

  const pending = new Array<Promise<void>>(p.tasks);
  for (let i = 0; i < p.tasks; i++) pending[i] = task();
  await Promise.all(pending);
  return r;
}
