/**
 * 3.5.3 批量任务 · 2.新版本实现 — `await asyncio.gather(*tasks)`: the results in the order
 * of the arguments, after 2 s in all (they run concurrently).
 */
import { pathToFileURL } from "node:url";
import { gather, run, sleep, type Coro } from "corio";
import { elapsed, now, repr } from "./support.js";

// 模拟一个耗时操作
function* test(i: number): Coro<number> {
  console.log("start ...");
  yield* sleep(2000);
  console.log("end ...");
  return i;
}

function* inner(): Coro<number[]> {
  const tasks = Array.from({ length: 10 }, (_, i) => test(i));
  // 给`协程/futures`返回一个future聚合结果 (an array, no * unpacking needed)
  return yield* gather(tasks);
}

export function* main() {
  const start_time = now();
  const result_list = yield* inner();
  console.log(repr(result_list));
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
