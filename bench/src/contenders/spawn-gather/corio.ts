import { createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/spawn-gather.js";

function* task(i: number): Generator<unknown, number, unknown> {
  yield* sleep(0);
  return i;
}

export default function corio(p: Params): Promise<Result> {
  return run(function* () {
    const tasks = new Array<Task<number>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) tasks[i] = createTask(task(i));
    const results = yield* gather(tasks);
    let sum = 0;
    for (const r of results) sum += r;
    return { count: results.length, sum };
  });
}
