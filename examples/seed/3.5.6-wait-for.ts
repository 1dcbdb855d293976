/**
 * 3.5.6 · wait_for and wait · 1.一个任务限时等待(wait_for) — wait at most 2 s for a task
 * that needs 3 s: `waitFor` cancels it and raises `TimeoutError`.
 */
import { pathToFileURL } from "node:url";
import { createTask, isCancelled, run, sleep, TimeoutError, waitFor, type Coro } from "corio";
import { elapsed, now } from "./support.js";

function* test(time: number): Coro<number> {
  console.log("start ...");
  yield* sleep(time);
  console.log("end ...");
  return time;
}

export function* main() {
  const start_time = now();
  const task = createTask(test(3000));
  try {
    const result = yield* waitFor(task, 2000);
    console.log(result);
  } catch (ex) {
    if (isCancelled(ex)) console.log("Cancel");
    else if (ex instanceof TimeoutError) console.log("超时取消");
    else console.log((ex as Error).message);
  }
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
