/**
 * 3.5.6 · wait的扩展 · 第一个任务执行完成则结束此批次任务 — call several equivalent APIs
 * at once and take the first answer: `wait(tasks, { returnWhen: FIRST_COMPLETED })`.
 * Task 0 sleeps 0 s, so it is the only one done; the others are cancelled by `run` when
 * `main` returns (the article leaves its output empty).
 */
import { pathToFileURL } from "node:url";
import { createTask, FIRST_COMPLETED, run, sleep, wait, type Coro } from "corio";
import { elapsed, now } from "./support.js";

function* test(i: number): Coro<string> {
  console.log(`start task${i}`);
  yield* sleep(i * 1000);
  console.log(`end task${i}`);
  return "ok";
}

// 第一个任务执行完成则结束此批次任务
export function* main() {
  const start_time = now();
  const tasks = Array.from({ length: 10 }, (_, i) => createTask(test(i)));
  // 项目里经常有这么一个场景:同时调用多个同效果的API,有一个返回后取消其他请求
  const { done } = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
  for (const task of done) console.log(yield* task);
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
