/**
 * 3.5.6 任务分组、取消 · 单个任务 — cancel a task that sleeps 10 s after 1 s; awaiting it
 * raises `CancelledError`. `cancelled()` and `done()` are both true (done = finished
 * normally, by an exception, or by cancellation). Booleans print the JavaScript way.
 */
import { pathToFileURL } from "node:url";
import { createTask, isCancelled, run, sleep, type Coro } from "corio";
import { elapsed, now } from "./support.js";

function* test(): Coro<void> {
  console.log("start ...");
  yield* sleep(10_000);
  console.log("end ...");
}

export function* main() {
  const start_time = now();
  const task = createTask(test());
  yield* sleep(1000);
  // 取消task任务
  task.cancel();
  try {
    yield* task;
  } catch (e) {
    if (!isCancelled(e)) throw e;
    console.log(`任务已经被取消:${task.cancelled()}`);
    console.log(`任务是因为异常而完成:${task.done()}`);
  }
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
