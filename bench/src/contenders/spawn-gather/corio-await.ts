import { createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/spawn-gather.js";

/** corio's `await` style: every task an async function (cancellable at its awaits). */
async function task(i: number): Promise<number> {
  await sleep(0);
  return i;
}

export default function corioAwait(p: Params): Promise<Result> {
  return run(async () => {
    const tasks = new Array<Task<number>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) tasks[i] = createTask(() => task(i));
    const results = await gather(tasks);
    let sum = 0;
    for (const r of results) sum += r;
    return { count: results.length, sum };
  });
}
