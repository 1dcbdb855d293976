/**
 * 3.5.7 · Task答疑 — a Task is the go-between of the loop and a coroutine: it steps the
 * coroutine and turns it into a Future. It runs both a plain generator function that never
 * waits (the article decorates `def test()` with `@asyncio.coroutine` for that) and an
 * async function.
 *
 * The async function is passed uncalled (`createTask(test_async)`): calling it would start
 * its body at once, while Python's `test_async()` only creates a coroutine that the task
 * starts later — so "this is a test" prints first, as in the article.
 */
import { pathToFileURL } from "node:url";
import { createTask, gather, run, sleep, type Coro } from "corio";
import { elapsed, now } from "./support.js";

// 不是协程 — a generator function that never waits
function* test(): Coro<void> {
  console.log("this is a test");
}

async function test_async(): Promise<void> {
  console.log("this is a async test");
  await sleep(1000);
}

export function* main() {
  const start_time = now();
  // 传入一个协程对象,返回一个task
  const task1 = createTask(test());
  const task2 = createTask(test_async);
  yield* gather([task1, task2]);
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
