import { setTimeout as sleep } from "node:timers/promises";
import type { Params, Result } from "../../workloads/cancel.js";
import { yieldTurn } from "../../util/yield.js";

export default async function floor(p: Params): Promise<Result> {
  const r: Result = { started: 0, finallies: 0, cancelled: 0 };

  async function task(signal: AbortSignal): Promise<void> {
    r.started++;
    let completed = false;
    try {
      await sleep(p.sleepMs, undefined, { signal });
      completed = true;
    } finally {
      r.finallies++;
      if (!completed) r.cancelled++;
    }
  }

  const controllers = new Array<AbortController>(p.tasks);
  const pending = new Array<Promise<void>>(p.tasks);
  for (let i = 0; i < p.tasks; i++) {
    controllers[i] = new AbortController();
    pending[i] = task(controllers[i]!.signal);
  }
  for (let turn = 0; r.started < p.tasks && turn < 100; turn++) await yieldTurn();
  for (const c of controllers) c.abort();
  await Promise.allSettled(pending);
  return r;
}
