/**
 * 3.5.6 · 课后拓展: asyncio.shield — the article only links to it; a small demonstration.
 * `waitFor` cancels what it waits for when the time is up. Without `shield` the "save"
 * task is cancelled half-way; wrapped in `shield(task)` only the waiting is cancelled and
 * the save runs to its end.
 */
import { pathToFileURL } from "node:url";
import { createTask, isCancelled, run, shield, sleep, TimeoutError, waitFor, type Coro } from "corio";
import { elapsed, now } from "./support.js";

function* save(name: string): Coro<string> {
  console.log(`开始保存 ${name}`);
  try {
    yield* sleep(1500);
  } catch (e) {
    if (isCancelled(e)) console.log(`保存被取消 ${name}`);
    throw e;
  }
  console.log(`保存完成 ${name}`);
  return `saved ${name}`;
}

export function* main() {
  const start_time = now();

  // 1. no shield: the timeout cancels the task itself
  const t1 = createTask(save("订单1"));
  try {
    yield* waitFor(t1, 1000);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log(`超时 (${elapsed(start_time)}), 任务被取消:${t1.cancelled()}`);
  }

  // 2. shield: the timeout cancels only the wait; the task goes on
  const t2 = createTask(save("订单2"));
  try {
    yield* waitFor(shield(t2), 1000);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log(`超时 (${elapsed(start_time)}), 任务被取消:${t2.cancelled()}`);
  }
  console.log(yield* t2);
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
