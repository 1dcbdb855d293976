import { all, run, sleep, spawn, type Operation, type Task } from "effection";
import type { Params, Result } from "../../workloads/cancel.js";
import { yieldTurn } from "../../util/effection-sync.js";

export default async function effection(p: Params): Promise<Result> {
  const r: Result = { started: 0, finallies: 0, cancelled: 0 };

  function* task(): Operation<void> {
    r.started++;
    let completed = false;
    try {
      yield* sleep(p.sleepMs);
      completed = true;
    } finally {
      r.finallies++;
      if (!completed) r.cancelled++;
    }
  }

  return run(function* () {
    const tasks = new Array<Task<void>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) tasks[i] = yield* spawn(task);
    for (let turn = 0; r.started < p.tasks && turn < 100; turn++) yield* yieldTurn();
    yield* all(tasks.map((t) => t.halt()));
    return r;
  });
}
