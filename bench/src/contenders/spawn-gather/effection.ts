import { all, run, type Operation } from "effection";
import type { Params, Result } from "../../workloads/spawn-gather.js";
import { yieldTurn } from "../../util/effection-sync.js";

function* task(i: number): Operation<number> {
  yield* yieldTurn();
  return i;
}

export default async function effection(p: Params): Promise<Result> {
  return run(function* () {
    const ops = new Array<Operation<number>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) ops[i] = task(i);
    const results = yield* all(ops);
    let sum = 0;
    for (const r of results) sum += r;
    return { count: results.length, sum };
  });
}
