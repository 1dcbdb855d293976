import { Queue, createTask, run } from "corio";
import type { Params, Result } from "../../workloads/queue.js";

export default function corio(p: Params): Promise<Result> {
  return run(function* () {
    const q = new Queue<number>(p.maxsize);
    const producer = createTask(
      (function* () {
        for (let i = 0; i < p.items; i++) yield* q.put(i);
      })(),
    );
    const r: Result = { count: 0, sum: 0, inOrder: true };
    for (let k = 0; k < p.items; k++) {
      const v = yield* q.get();
      if (v !== k) r.inOrder = false;
      r.sum += v;
      r.count++;
    }
    yield* producer;
    return r;
  });
}
