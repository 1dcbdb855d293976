import { all, race, run, sleep, type Operation } from "effection";
import type { Params, Result } from "../../workloads/timeout.js";
import { yieldTurn } from "../../util/effection-sync.js";

/** Effection has no timeout primitive; its documented idiom is a race against sleep. */
function* withTimeout<T>(ms: number, body: Operation<T>): Operation<T> {
  function* expire(): Operation<T> {
    yield* sleep(ms);
    throw new Error(`timed out after ${ms} ms`);
  }
  return yield* race([body, expire()]);
}

function* task(i: number, ms: number): Operation<number> {
  return yield* withTimeout(ms, (function* () {
    yield* yieldTurn();
    return i;
  })());
}

export default async function effection(p: Params): Promise<Result> {
  return run(function* () {
    const ops = new Array<Operation<number>>(p.tasks);
    for (let i = 0; i < p.tasks; i++) ops[i] = task(i, p.timeoutMs);
    const results = yield* all(ops);
    let sum = 0;
    for (const r of results) sum += r;
    return { count: results.length, sum };
  });
}
