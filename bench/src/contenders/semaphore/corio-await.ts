import { Semaphore, createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/semaphore.js";

/** corio's `await` style: async-function tasks, `await acquire()` / `try` / `finally release()`. */
export default function corioAwait(p: Params): Promise<Result> {
  const r: Result = { count: 0, maxInside: 0 };
  let inside = 0;

  return run(async () => {
    const sem = new Semaphore(p.permits);

    async function task(): Promise<void> {
      await sem.acquire();
      try {
        if (++inside > r.maxInside) r.maxInside = inside;
        await sleep(0);
        inside--;
        r.count++;
      } finally {
        sem.release();
      }
    }

    const tasks = new Array<Task<void>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) tasks[i] = createTask(task);
    await gather(tasks);
    return r;
  });
}
