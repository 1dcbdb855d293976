/**
 * 3.5.2 asyncio引入 · 1.简单案例 — a coroutine that sleeps 2 s (not a blocking sleep) and
 * returns "ok", run with `run` (asyncio.run). Elapsed time is read on the loop clock.
 */
import { pathToFileURL } from "node:url";
import { run, sleep, type Coro } from "corio";
import { elapsed, now } from "./support.js";

// 模拟一个耗时操作
export function* test(): Coro<string> {
  console.log("start ...");
  // 不能再使用以前阻塞的暂停了
  yield* sleep(2000);
  console.log("end ...");
  return "ok";
}

export function* main() {
  const start_time = now();
  // python3.7: result = asyncio.run(test())
  const result = yield* test();
  console.log(result);
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
