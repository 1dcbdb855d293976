import { Lock, createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/lock.js";

/**
 * corio with `lock.with(critical)`, the body generator function written once outside the
 * loop (as the p-limit, p-queue and Effect contenders hoist theirs, and as docs/sync.md
 * advises for hot loops): no new `function*` per acquisition.
 */
export default function corioWithHoisted(p: Params): Promise<Result> {
  const r: Result = { counter: 0, maxHolders: 0 };
  let holders = 0;

  return run(function* () {
    const lock = new Lock();

    function* critical(): Generator<unknown, void, unknown> {
      if (++holders > r.maxHolders) r.maxHolders = holders;
      const v = r.counter;
      yield* sleep(0);
      r.counter = v + 1;
      holders--;
    }

    function* worker(): Generator<unknown, void, unknown> {
      for (let k = 0; k < p.iterations; k++) yield* lock.with(critical);
    }

    const tasks: Task<void>[] = [];
    for (let t = 0; t < p.tasks; t++) tasks.push(createTask(worker()));
    yield* gather(tasks);
    return r;
  });
}
