/**
 * 3.5.3 批量任务 · 1.旧版本实现 — ten tasks created on the loop (`loop.create_task`), run
 * with `loop.run_until_complete(asyncio.wait(tasks))`, then each task's result.
 *
 * A loop-level example: `main` takes the clock (a `VirtualClock` in the tests).
 */
import { pathToFileURL } from "node:url";
import { EventLoop, RealClock, sleep, wait, type Clock, type Coro } from "corio";
import { elapsed } from "./support.js";

// 模拟一个耗时操作
function* test(i: number): Coro<number> {
  console.log("start ...");
  // 不能再使用以前阻塞的暂停了
  yield* sleep(2000);
  console.log("end ...");
  return i;
}

export async function main(clock: Clock = new RealClock()): Promise<void> {
  const loop = new EventLoop({ clock });
  const start_time = loop.time();
  try {
    // 注意:是loop的方法 (loop.createTask), 不需要正在运行的loop
    const tasks = Array.from({ length: 10 }, (_, i) => loop.createTask(test(i)));
    await loop.runUntilComplete(wait(tasks));
    for (const task of tasks) console.log(task.result());
    console.log(elapsed(start_time, loop.time()));
  } finally {
    loop.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
