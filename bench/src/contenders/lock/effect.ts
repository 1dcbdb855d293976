import { Effect, Semaphore } from "effect";
import type { Params, Result } from "../../workloads/lock.js";

export default async function effect(p: Params): Promise<Result> {
  const lock = Semaphore.makeUnsafe(1);
  const r: Result = { counter: 0, maxHolders: 0 };
  let holders = 0;

  const critical = lock.withPermits(1)(
    Effect.gen(function* () {
      if (++holders > r.maxHolders) r.maxHolders = holders;
      const v = r.counter;
      yield* Effect.yieldNow;
      r.counter = v + 1;
      holders--;
    }),
  );

  const worker = Effect.gen(function* () {
    for (let k = 0; k < p.iterations; k++) yield* critical;
  });

  const workers = Array.from({ length: p.tasks }, () => worker);
  await Effect.runPromise(Effect.all(workers, { concurrency: "unbounded", discard: true }));
  return r;
}
