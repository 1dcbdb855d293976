import pLimit from "p-limit";
import type { Params, Result } from "../../workloads/lock.js";
import { yieldTurn } from "../../util/yield.js";

export default async function pLimitLock(p: Params): Promise<Result> {
  const limit = pLimit(1);
  const r: Result = { counter: 0, maxHolders: 0 };
  let holders = 0;

  const critical = async (): Promise<void> => {
    if (++holders > r.maxHolders) r.maxHolders = holders;
    const v = r.counter;
    await yieldTurn();
    r.counter = v + 1;
    holders--;
  };

  async function worker(): Promise<void> {
    for (let k = 0; k < p.iterations; k++) await limit(critical);
  }

  const workers = [];
  for (let t = 0; t < p.tasks; t++) workers.push(worker());
  await Promise.all(workers);
  return r;
}
