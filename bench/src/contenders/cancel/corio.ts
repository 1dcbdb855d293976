import { createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/cancel.js";

export default function corio(p: Params): Promise<Result> {
  const r: Result = { started: 0, finallies: 0, cancelled: 0 };

  function* task(): Generator<unknown, void, unknown> {
    r.started++;
    try {
      yield* sleep(p.sleepMs);
    } finally {
      r.finallies++;
    }
  }

  return run(function* () {
    const tasks = new Array<Task<void>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) tasks[i] = createTask(task());
    for (let turn = 0; r.started < p.tasks && turn < 100; turn++) yield* sleep(0);
    for (const t of tasks) t.cancel();
    yield* gather(tasks, { returnExceptions: true });
    for (const t of tasks) if (t.cancelled()) r.cancelled++;
    return r;
  });
}
