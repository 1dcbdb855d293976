import { Semaphore, createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/semaphore.js";

/**
 * corio with `sem.with(body)`, the body generator function written once outside the task
 * (as the p-limit, p-queue, async-mutex and Effect contenders hoist theirs): no new
 * `function*` per task.
 */
export default function corioWithHoisted(p: Params): Promise<Result> {
  const r: Result = { count: 0, maxInside: 0 };
  let inside = 0;

  return run(function* () {
    const sem = new Semaphore(p.permits);

    function* body(): Generator<unknown, void, unknown> {
      if (++inside > r.maxInside) r.maxInside = inside;
      yield* sleep(0);
      inside--;
      r.count++;
    }

    function* task(): Generator<unknown, void, unknown> {
      yield* sem.with(body);
    }

    const tasks = new Array<Task<void>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) tasks[i] = createTask(task());
    yield* gather(tasks);
    return r;
  });
}
