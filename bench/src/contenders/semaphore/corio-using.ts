import { Semaphore, createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/semaphore.js";

/** corio with `using _ = yield* sem.hold()`: asyncio's `async with sem:` without a closure. */
export default function corioUsing(p: Params): Promise<Result> {
  const r: Result = { count: 0, maxInside: 0 };
  let inside = 0;

  return run(function* () {
    const sem = new Semaphore(p.permits);

    function* task(): Generator<unknown, void, unknown> {
      using _ = yield* sem.hold();
      if (++inside > r.maxInside) r.maxInside = inside;
      yield* sleep(0);
      inside--;
      r.count++;
    }

    const tasks = new Array<Task<void>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) tasks[i] = createTask(task());
    yield* gather(tasks);
    return r;
  });
}
