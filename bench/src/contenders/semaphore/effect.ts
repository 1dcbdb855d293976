import { Effect, Semaphore } from "effect";
import type { Params, Result } from "../../workloads/semaphore.js";

export default async function effect(p: Params): Promise<Result> {
  const sem = Semaphore.makeUnsafe(p.permits);
  const r: Result = { count: 0, maxInside: 0 };
  let inside = 0;

  const task = sem.withPermits(1)(
    Effect.gen(function* () {
      if (++inside > r.maxInside) r.maxInside = inside;
      yield* Effect.yieldNow;
      inside--;
      r.count++;
    }),
  );

  const tasks = Array.from({ length: p.tasks }, () => task);
  await Effect.runPromise(Effect.all(tasks, { concurrency: "unbounded", discard: true }));
  return r;
}
