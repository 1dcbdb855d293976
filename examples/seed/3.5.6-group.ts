/**
 * 3.5.6 任务分组、取消 · 1.分组 — two groups of tasks gathered together: both groups' results
 * come back in one list.
 *
 * URLs: https://example.com/1…4 stand in for the article's stripped URLs. The article's
 * message has no space after "for" (`f"get url for{url}"`); kept as is.
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
  // 等待两组都完成,然后返回聚合结果
  const result = yield* gather([...tasks1, ...tasks2]);
  console.log(repr(result));
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
