import PQueue from "p-queue";
import type { Params, Result } from "../../workloads/spawn-gather.js";
import { yieldTurn } from "../../util/yield.js";

export default async function pQueue(p: Params): Promise<Result> {
  const queue = new PQueue({ concurrency: Infinity });
  const pending = new Array<Promise<number>>(p.tasks);
  for (let i = 0; i < p.tasks; i++) {
    pending[i] = queue.add(async () => {
      await yieldTurn();
      return i;
    });
  }
  const results = await Promise.all(pending);
  let sum = 0;
  for (const r of results) sum += r;
  return { count: results.length, sum };
}
