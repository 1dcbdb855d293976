/**
 * 3.5.7 · 2.回调扩展 — plain callbacks on the running loop: `callSoon` (run next, e.g. to
 * slip in an urgent job), `callLater(ms)` (relative) and `callAt(loop.time() + ms)`
 * (absolute, on the loop clock). They return handles: `Handle` for `callSoon`,
 * `TimerHandle` for the timed ones. The main coroutine sleeps 5 s so the loop is still
 * running when the callbacks are due.
 */
import { pathToFileURL } from "node:url";
import { getRunningLoop, run, sleep } from "corio";
import { elapsed, now } from "./support.js";

function test(name: string): void {
  console.log(`start ${name}...`);
  console.log(`end ${name}...`);
}

export function* main() {
  const start_time = now();
  // 正在执行某个任务
  const loop = getRunningLoop();
  // 插入一个更要紧的任务
  const task1 = loop.callSoon(test, "task1");
  // 多少毫秒后执行
  const task2 = loop.callLater(2000, test, "task2");
  // 内部时钟时间
  const task3 = loop.callAt(loop.time() + 3000, test, "task3");
  console.log(task1.constructor.name);
  console.log(task2.constructor.name);
  console.log(task3.constructor.name);
  // 保证loop在执行完毕后才关闭
  yield* sleep(5000);
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
