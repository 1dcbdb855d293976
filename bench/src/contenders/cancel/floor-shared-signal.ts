import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Params, Result } from "../../workloads/cancel.js";
import { yieldTurn } from "../../util/yield.js";

export default async function floorSharedSignal(p: Params): Promise<Result> {
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

  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const pending = new Array<Promise<void>>(p.tasks);
  for (let i = 0; i < p.tasks; i++) pending[i] = task(controller.signal);
  for (let turn = 0; r.started < p.tasks && turn < 100; turn++) await yieldTurn();
  controller.abort();
  await Promise.allSettled(pending);
  return r;
}
