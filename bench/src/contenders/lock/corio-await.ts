import { Lock, createTask, gather, run, sleep, type Task } from "corio";
import type { Params, Result } from "../../workloads/lock.js";

/** corio's `await` style: async-function tasks, `await acquire()` / `try` / `finally release()`. */
export default function corioAwait(p: Params): Promise<Result> {
  const r: Result = { counter: 0, maxHolders: 0 };
  let holders = 0;

  return run(async () => {
    const lock = new Lock();

    async function worker(): Promise<void> {
      for (let k = 0; k < p.iterations; k++) {
        await lock.acquire();
        try {
          if (++holders > r.maxHolders) r.maxHolders = holders;
          const v = r.counter;
          await sleep(0);
          r.counter = v + 1;
          holders--;
        } finally {
          lock.release();
        }
      }
    }

    const tasks: Task<void>[] = [];
    for (let t = 0; t < p.tasks; t++) tasks.push(createTask(worker));
    await gather(tasks);
    return r;
  });
}
