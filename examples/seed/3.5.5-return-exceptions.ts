/**
 * 3.5.5 异常相关扩展 — `gather(tasks, { returnExceptions: true })`: a failing task does not
 * stop the batch; its exception takes its place in the result list. Each task also has a
 * done callback that prints "done".
 *
 * (Cancelling a gather cancels the whole batch either way: see 3.5.6-group-cancel.ts.)
 * URLs: https://example.com/1…4 stand in for the article's stripped URLs; the second fails.
 */
import { pathToFileURL } from "node:url";
import { createTask, gather, run, sleep, type Coro, type Future } from "corio";
import { elapsed, now, repr } from "./support.js";

export const urls = ["https://example.com/1", "https://example.com/2", "https://example.com/3", "https://example.com/4"];
export const BAD_URL = urls[1]!;

function* get_html(url: string): Coro<string> {
  console.log(`get ${url} ing`);
  if (url === BAD_URL) throw new Error("Exception is over");
  yield* sleep(2000);
  return `<h1>This is a test for ${url}</h1>`;
}

function callback_func(task: Future<string>): void {
  if (task.done()) console.log("done");
}

export function* main() {
  const start_time = now();
  const tasks = urls.map((url) => createTask(get_html(url)));
  // 给每个任务都加一个回调函数
  for (const task of tasks) task.addDoneCallback(callback_func);
  // 批量执行任务
  const result = yield* gather(tasks, { returnExceptions: true });
  console.log(repr(result)); // 返回 result list
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
