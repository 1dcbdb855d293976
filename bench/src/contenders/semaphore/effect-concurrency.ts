import { Effect } from "effect";
import type { Params, Result } from "../../workloads/semaphore.js";

/** Effect's own way to bound concurrency: forEach with `concurrency: 100` (no Semaphore object). */
export default async function effectConcurrency(p: Params): Promise<Result> {
  const r: Result = { count: 0, maxInside: 0 };
  let inside = 0;

  const task = Effect.gen(function* () {
    if (++inside > r.maxInside) r.maxInside = inside;
    yield* Effect.yieldNow;
    inside--;
    r.count++;
  });

  const tasks = Array.from({ length: p.tasks }, () => task);
  await Effect.runPromise(Effect.all(tasks, { concurrency: p.permits, discard: true }));
  return r;
}
