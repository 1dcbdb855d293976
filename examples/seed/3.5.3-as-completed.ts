/**
 * 3.5.3 批量任务 · 1.旧版另用 — `[await task for task in asyncio.as_completed(tasks)]`:
 * results in completion order.
 *
 * Python's `as_completed` starts the coroutines in the order of `set(fs)`, which is
 * arbitrary, so the article printed `[1, 6, 4, 5, 0, 7, 8, 3, 2, 9]`. corio keeps the
 * order it is given, so the example shuffles the coroutines with a seeded generator to
 * stand for that set order (seed 5625232 happens to give the article's order). All ten
 * sleep 2 s, so they finish in the order they started.
 */
import { pathToFileURL } from "node:url";
import { asCompleted, run, sleep, type Coro } from "corio";
import { elapsed, now, repr, seededRandom, shuffled } from "./support.js";

export const SEED = 5625232;

// 模拟一个耗时操作
function* test(i: number): Coro<number> {
  console.log("start ...");
  yield* sleep(2000);
  console.log("end ...");
  return i;
}

export function* main() {
  const start_time = now();
  const tasks = shuffled(Array.from({ length: 10 }, (_, i) => test(i)), seededRandom(SEED));
  // await task 可以得到返回值(得到结果或者异常)
  const result_list: number[] = [];
  for (const task of asCompleted(tasks)) result_list.push(yield* task);
  console.log(repr(result_list));
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
