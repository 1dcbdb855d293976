import { all, run, type Operation } from "effection";
import type { Params, Result } from "../../workloads/semaphore.js";
import { EffectionSemaphore, yieldTurn } from "../../util/effection-sync.js";

export default async function effection(p: Params): Promise<Result> {
  const sem = new EffectionSemaphore(p.permits);
  const r: Result = { count: 0, maxInside: 0 };
  let inside = 0;

  function* task(): Operation<void> {
    yield* sem.with(function* () {
      if (++inside > r.maxInside) r.maxInside = inside;
      yield* yieldTurn();
      inside--;
      r.count++;
    });
  }

  return run(function* () {
    const ops = new Array<Operation<void>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) ops[i] = task();
    yield* all(ops);
    return r;
  });
}
