import { createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/cancel.js";

/** corio's `await` style: async-function tasks, cancelled at their `await sleep()`. */
export default function corioAwait(p: Params): Promise<Result> {
  const r: Result = { started: 0, finallies: 0, cancelled: 0 };

  async function task(): Promise<void> {
    r.started++;
    try {
      await sleep(p.sleepMs);
    } finally {
      r.finallies++;
    }
  }

  return run(async () => {
    const tasks = new Array<Task<void>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) tasks[i] = createTask(task);
    for (let turn = 0; r.started < p.tasks && turn < 100; turn++) await sleep(0);
    for (const t of tasks) t.cancel();
    await gather(tasks, { returnExceptions: true });
    for (const t of tasks) if (t.cancelled()) r.cancelled++;
    return r;
  });
}
