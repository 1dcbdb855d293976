import { Lock, createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/lock.js";

/** corio with `using _ = yield* lock.hold()`: asyncio's `async with lock:` without a closure. */
export default function corioUsing(p: Params): Promise<Result> {
  const r: Result = { counter: 0, maxHolders: 0 };
  let holders = 0;

  return run(function* () {
    const lock = new Lock();

    function* worker(): Generator<unknown, void, unknown> {
      for (let k = 0; k < p.iterations; k++) {
        using _ = yield* lock.hold();
        if (++holders > r.maxHolders) r.maxHolders = holders;
        const v = r.counter;
        yield* sleep(0);
        r.counter = v + 1;
        holders--;
      }
    }

    const tasks: Task<void>[] = [];
    for (let t = 0; t < p.tasks; t++) tasks.push(createTask(worker()));
    yield* gather(tasks);
    return r;
  });
}
