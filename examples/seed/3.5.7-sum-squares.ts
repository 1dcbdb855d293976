/**
 * 3.5.7 兼容旧代码 or 运行阻塞代码 — `loop.run_in_executor(None, test, 7)`: the sum of the
 * squares of 10**7 numbers computed off the loop, while another task keeps ticking.
 *
 * Python threads share one interpreter, so the article's "executor" only helps blocking
 * I/O; corio's executor runs worker threads (separate V8 isolates), so a CPU-bound job
 * really runs beside the loop. A worker calls an exported function of a module by URL
 * (`test` in the `.worker.mjs` file beside this one); arguments and the result are copied
 * (structured clone). `runInExecutor(null, …)` uses the loop's default pool, like asyncio's
 * `None`; `toThread(url, "test", 7)` is the same thing in one call.
 */
import { pathToFileURL } from "node:url";
import { createTask, getRunningLoop, run, sleep } from "corio";
import { elapsed, now } from "./support.js";

const WORKER = new URL("./3.5.7-sum-squares.worker.mjs", import.meta.url);

export function* main() {
  const start_time = now();
  // 获取loop
  const loop = getRunningLoop();
  let ticks = 0;
  const ticker = createTask(function* () {
    for (;;) {
      yield* sleep(5);
      ticks++;
    }
  });
  // 新版兼任代码:the job runs in a worker thread; this task waits, the ticker keeps going
  const result = yield* loop.runInExecutor<bigint>(null, WORKER, "test", 7);
  ticker.cancel();
  console.log(result.toString());
  console.log(ticks > 0 ? "the loop kept running: the ticker ticked during the computation" : "the loop was blocked");
  console.log(elapsed(start_time));
  return { result, ticks };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
