/**
 * 3.5.4 回调函数(新用法) — the same with the new syntax: `create_task` inside the main
 * coroutine, a done callback on each task, and `gather` for the results.
 *
 * URLs: https://example.com/1…4 stand in for the article's stripped URLs.
 */
import { pathToFileURL } from "node:url";
import { createTask, gather, run, sleep, type Coro, type Future } from "corio";
import { elapsed, now, repr } from "./support.js";

function* get_html(url: string): Coro<string> {
  console.log(`get ${url} ing`);
  yield* sleep(2000);
  return `<h1>This is a test for ${url}</h1>`;
}

function callback_func(task: Future<string>): void {
  console.log(task.constructor.name);
  if (task.done()) console.log("done"); // task.result()
}

export const urls = ["https://example.com/1", "https://example.com/2", "https://example.com/3", "https://example.com/4"];

export function* main() {
  const start_time = now();
  // createTask来创建一个Task
  const tasks = urls.map((url) => createTask(get_html(url)));
  // 给每个任务都加一个回调函数
  for (const task of tasks) task.addDoneCallback(callback_func);
  // 批量执行任务
  const result = yield* gather(tasks);
  console.log(repr(result)); // 返回 result list
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
