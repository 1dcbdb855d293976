/**
 * 3.5.4 回调函数 · 1.回调函数获取返回值 — the low-level way: tasks on a loop, a done
 * callback per task that prints the task's type and result, then
 * `loop.run_until_complete(asyncio.gather(*tasks))`.
 *
 * The article's URLs were stripped from the page; https://example.com/1…4 stand in for
 * them. `type(task)` (`<class '_asyncio.Task'>`) prints as the class name, `Task`.
 * A loop-level example: `main` takes the clock (a `VirtualClock` in the tests).
 */
import { pathToFileURL } from "node:url";
import { EventLoop, gather, RealClock, sleep, type Clock, type Coro, type Future, type Task } from "corio";
import { elapsed } from "./support.js";

// 低级API示例
function* get_html(url: string): Coro<string> {
  console.log(`get ${url} ing`);
  yield* sleep(2000);
  return `<h1>This is a test for ${url}</h1>`;
}

function call_back(task: Future<string>): void {
  console.log(task.constructor.name);
  console.log(task.result());
}

export const urls = ["https://example.com/1", "https://example.com/2", "https://example.com/3", "https://example.com/4"];

export async function main(clock: Clock = new RealClock()): Promise<void> {
  const loop = new EventLoop({ clock });
  const start_time = loop.time();
  try {
    const tasks = new Set<Task<string>>(); // 任务集合
    for (const url of urls) {
      const task = loop.createTask(get_html(url));
      // 设置回调函数
      task.addDoneCallback(call_back);
      // 添加到任务集合中
      tasks.add(task);
    }
    // 批量执行
    await loop.runUntilComplete(gather([...tasks]));
    console.log(elapsed(start_time, loop.time()));
  } finally {
    loop.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
