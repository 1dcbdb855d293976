/**
 * Article 3.5.9 §4 "Semaphore": a free API allows 5 concurrent requests, so 20 calls go
 * through a Semaphore(5) — they finish in four waves of five, one second apart.
 */
import { pathToFileURL } from "node:url";
import { createTask, gather, run, Semaphore, sleep, type Coro } from "corio";
import { elapsed, now } from "./support.js";

let sem = new Semaphore(5);

/** A simulated API request. */
function* apiTest(i: number): Coro<void> {
  yield* sem.with(function* () {
    yield* sleep(1000);
    console.log(`The Task ${i} is done`);
  });
}

export function* main(): Coro<void> {
  sem = new Semaphore(5); // at most 5 requests at once
  const start = now();
  const tasks = Array.from({ length: 20 }, (_, i) => createTask(apiTest(i)));
  yield* gather(tasks);
  console.log(elapsed(start));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
