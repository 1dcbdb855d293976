import { Semaphore } from "async-mutex";
import type { Params, Result } from "../../workloads/semaphore.js";
import { yieldTurn } from "../../util/yield.js";

export default async function asyncMutex(p: Params): Promise<Result> {
  const sem = new Semaphore(p.permits);
  const r: Result = { count: 0, maxInside: 0 };
  let inside = 0;

  const body = async (): Promise<void> => {
    if (++inside > r.maxInside) r.maxInside = inside;
    await yieldTurn();
    inside--;
    r.count++;
  };

  const pending = new Array<Promise<void>>(p.tasks);
  for (let i = 0; i < p.tasks; i++) pending[i] = sem.runExclusive(body);
  await Promise.all(pending);
  return r;
}
