/**
 * 3.5.7 · 2.回调扩展 — timers on a bare loop: four `callLater`s scheduled out of order run
 * in time order, a cancelled handle never runs, and a timer calling `loop.stop()` ends
 * `runForever()`.
 *
 * A loop-level example: `main` takes the clock (a `VirtualClock` in the tests).
 */
import { pathToFileURL } from "node:url";
import { EventLoop, RealClock, type Clock } from "corio";
import { elapsed } from "./support.js";

// 回调函数一般都是普通函数
function test(name: string): void {
  console.log(name);
}

export async function main(clock: Clock = new RealClock()): Promise<void> {
  const loop = new EventLoop({ clock });
  const start_time = loop.time();
  try {
    // 这个执行过程会按照时间排个先后顺序,然后再批次运行
    const task4 = loop.callLater(4000, test, "task2-4");
    loop.callLater(2000, test, "task2-2");
    loop.callLater(3000, test, "task2-3");
    loop.callLater(1000, test, "task2-1");
    // 取消测试
    task4.cancel();
    // 等任务执行完成结束任务 loop.stop()
    loop.callLater(4000, () => loop.stop());
    await loop.runForever();
    console.log(elapsed(start_time, loop.time()));
  } finally {
    loop.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
