import type { Params, Result } from "../../workloads/timeout.js";
import { yieldTurn } from "../../util/yield.js";

class TimeoutError extends Error {}

/** The usual plain-JS timeout: race the body against a timer, always clear the timer. */
async function withTimeout<T>(ms: number, body: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([body(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function task(i: number, ms: number): Promise<number> {
  return withTimeout(ms, async () => {
    await yieldTurn();
    return i;
  });
}

export default async function floor(p: Params): Promise<Result> {
  const pending = new Array<Promise<number>>(p.tasks);
  for (let i = 0; i < p.tasks; i++) pending[i] = task(i, p.timeoutMs);
  const results = await Promise.all(pending);
  let sum = 0;
  for (const r of results) sum += r;
  return { count: results.length, sum };
}
