/**
 * 3.5.6 · wait_for and wait · 2.多个任务限时等待(wait) — ten tasks sleeping 0…9 s, and
 * `wait(tasks, { timeout: 2000 })`: what is done after 2 s and what is still pending.
 * Nothing is cancelled by `wait`; `run` cancels the pending tasks when `main` returns.
 *
 * The tie at exactly 2 s: the timeout is scheduled (inside `main`) before task 2 schedules
 * its 2 s sleep, and corio fires timers with equal deadlines in the order they were
 * scheduled, so the timeout wins and task 2 is still pending: done = [0, 1], 8 pending.
 * The article printed `[0, 1, 2]` and 7: on its machine the tie went the other way
 * (asyncio's timer heap does not order equal deadlines, and a coarse clock makes them
 * equal). Any timeout above 2000 gives the article's three.
 *
 * `asyncio.Task.all_tasks()` (every task, finished or not; removed in Python 3.9) has no
 * corio counterpart: `allTasks()` is like `asyncio.all_tasks()`, unfinished tasks only,
 * so the third count adds the finished ones.
 */
import { pathToFileURL } from "node:url";
import { allTasks, createTask, gather, run, sleep, wait, type Coro } from "corio";
import { elapsed, now, repr } from "./support.js";

function* test(time: number): Coro<number> {
  console.log("start ...");
  yield* sleep(time * 1000);
  console.log("end ...");
  return time;
}

export function* main() {
  const start_time = now();
  const tasks = Array.from({ length: 10 }, (_, i) => createTask(test(i)));
  // 已完成的任务(包含异常),未完成的任务
  const { done, pending } = yield* wait(tasks, { timeout: 2000 });
  // 任务总数(我用了3种表示) — allTasks() includes main: subtract it
  console.log(`任务总数:${tasks.length}==${done.size + pending.size}==${done.size + allTasks().size - 1}`);
  // 所有未完成的task:allTasks(),记得去掉main
  console.log(`未完成Task:${pending.size}==${allTasks().size - 1}`);
  console.log(repr(yield* gather([...done])));
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
