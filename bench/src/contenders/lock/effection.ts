import { all, run, type Operation } from "effection";
import type { Params, Result } from "../../workloads/lock.js";
import { EffectionSemaphore, yieldTurn } from "../../util/effection-sync.js";

export default async function effection(p: Params): Promise<Result> {
  const lock = new EffectionSemaphore(1);
  const r: Result = { counter: 0, maxHolders: 0 };
  let holders = 0;

  function* worker(): Operation<void> {
    for (let k = 0; k < p.iterations; k++) {
      yield* lock.with(function* () {
        if (++holders > r.maxHolders) r.maxHolders = holders;
        const v = r.counter;
        yield* yieldTurn();
        r.counter = v + 1;
        holders--;
      });
    }
  }

  return run(function* () {
    const workers: Operation<void>[] = [];
    for (let t = 0; t < p.tasks; t++) workers.push(worker());
    yield* all(workers);
    return r;
  });
}
