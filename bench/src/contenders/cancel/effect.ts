import { Effect, Fiber } from "effect";
import type { Params, Result } from "../../workloads/cancel.js";

export default async function effect(p: Params): Promise<Result> {
  const r: Result = { started: 0, finallies: 0, cancelled: 0 };

  const task = Effect.suspend(() => {
    r.started++;
    return Effect.sleep(p.sleepMs);
  }).pipe(
    Effect.onInterrupt(() => Effect.sync(() => void r.cancelled++)),
    Effect.ensuring(Effect.sync(() => void r.finallies++)),
  );

  return Effect.runPromise(
    Effect.gen(function* () {
      const fibers = new Array<Fiber.Fiber<void>>(p.tasks);
      for (let i = 0; i < p.tasks; i++) fibers[i] = yield* Effect.forkChild(task);
      for (let turn = 0; r.started < p.tasks && turn < 100; turn++) yield* Effect.yieldNow;
      yield* Fiber.interruptAll(fibers);
      return r;
    }),
  );
}
