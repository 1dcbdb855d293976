/**
 * 3.5.4 回调函数 · 2.回调函数传参扩展 — a done callback only receives the task, so extra
 * arguments are bound with a partial function: `functools.partial(call_back, url)`. In
 * JavaScript that is `call_back.bind(null, url)`: the bound arguments come first, the
 * task last (通过偏函数传过来的参数在最前面).
 *
 * URLs: https://example.com/1…4 stand in for the article's stripped URLs.
 * A loop-level example: `main` takes the clock (a `VirtualClock` in the tests).
 */
import { pathToFileURL } from "node:url";
import { EventLoop, gather, RealClock, sleep, type Clock, type Coro, type Future, type Task } from "corio";
import { elapsed } from "./support.js";

function* get_html(_url: string): Coro<string> {
  yield* sleep(2000);
  return "This is a test for";
}

// 注意一个东西:通过偏函数传过来的参数在最前面
function call_back(url: string, task: Future<string>): void {
  // do something
  console.log(task.constructor.name);
  console.log(task.result(), url);
}

/** `functools.partial`: `partial(f, a)(b)` is `f(a, b)`. */
export function partial<B extends unknown[], R extends unknown[], O>(fn: (...args: [...B, ...R]) => O, ...bound: B): (...rest: R) => O {
  return (...rest: R) => fn(...bound, ...rest);
}

export const urls = ["https://example.com/1", "https://example.com/2", "https://example.com/3", "https://example.com/4"];

export async function main(clock: Clock = new RealClock()): Promise<void> {
  const loop = new EventLoop({ clock });
  const start_time = loop.time();
  try {
    const tasks = new Set<Task<string>>(); // 任务集合
    for (const url of urls) {
      const task = loop.createTask(get_html(url));
      // 设置回调函数 (不支持传参数,我们就利用偏函数来传递) — call_back.bind(null, url) works too
      task.addDoneCallback(partial(call_back, url));
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
