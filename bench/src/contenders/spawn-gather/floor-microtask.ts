import type { Params, Result } from "../../workloads/spawn-gather.js";

async function task(i: number): Promise<number> {
  await null; // one microtask: the cheapest yield, in which I/O never runs
  return i;
}

export default async function floorMicrotask(p: Params): Promise<Result> {
  const pending = new Array<Promise<number>>(p.tasks);
  for (let i = 0; i < p.tasks; i++) pending[i] = task(i);
  const results = await Promise.all(pending);
  let sum = 0;
  for (const r of results) sum += r;
  return { count: results.length, sum };
}
