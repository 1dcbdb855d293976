import { Effect, Fiber, Queue } from "effect";
import type { Params, Result } from "../../workloads/queue.js";

export default async function effect(p: Params): Promise<Result> {
  return Effect.runPromise(
    Effect.gen(function* () {
      const q = yield* Queue.bounded<number>(p.maxsize);
      const producer = yield* Effect.forkChild(
        Effect.gen(function* () {
          for (let i = 0; i < p.items; i++) yield* Queue.offer(q, i);
        }),
      );
      const r: Result = { count: 0, sum: 0, inOrder: true };
      for (let k = 0; k < p.items; k++) {
        const v = yield* Queue.take(q);
        if (v !== k) r.inOrder = false;
        r.sum += v;
        r.count++;
      }
      yield* Fiber.join(producer);
      return r;
    }),
  );
}
