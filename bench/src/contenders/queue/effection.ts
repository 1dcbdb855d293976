import { run, spawn } from "effection";
import type { Params, Result } from "../../workloads/queue.js";
import { EffectionChannel } from "../../util/effection-sync.js";

export default async function effection(p: Params): Promise<Result> {
  return run(function* () {
    const ch = new EffectionChannel<number>(p.maxsize);
    const producer = yield* spawn(function* () {
      for (let i = 0; i < p.items; i++) yield* ch.put(i);
    });
    const r: Result = { count: 0, sum: 0, inOrder: true };
    for (let k = 0; k < p.items; k++) {
      const v = yield* ch.get();
      if (v !== k) r.inOrder = false;
      r.sum += v;
      r.count++;
    }
    yield* producer;
    return r;
  });
}
