/**
 * 3.5.6 任务分组、取消 · 2.取消 — one `gather` per group, then a gather of the groups.
 * Cancelling group2 cancels its tasks before they ever run; with `returnExceptions` the
 * outer gather reports the cancellation in group2's slot (`CancelledError()`).
 *
 * URLs: https://example.com/1…4 stand in for the article's stripped URLs.
 */
import { pathToFileURL } from "node:url";
import { createTask, gather, run, sleep, type Coro } from "corio";
import { elapsed, now, repr } from "./support.js";

function* get_html(url: string): Coro<string> {
  console.log(`get url for${url}`);
  yield* sleep(2000);
  return `<h1>This is a test for ${url}</h1>`;
}

export const urls1 = ["https://example.com/1", "https://example.com/2"];
export const urls2 = ["https://example.com/3", "https://example.com/4"];

export function* main() {
  const start_time = now();
  const tasks1 = urls1.map((url) => createTask(get_html(url)));
  const tasks2 = urls2.map((url) => createTask(get_html(url)));
  const group1 = gather(tasks1);
  const group2 = gather(tasks2);
  // 分组2因为某原因被取消任务了(模拟)
  group2.cancel();
  // 等待两组都完成,然后返回聚合结果
  const result = yield* gather([group1, group2], { returnExceptions: true });
  console.log(repr(result));
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
