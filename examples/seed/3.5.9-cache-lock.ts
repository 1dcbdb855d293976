/**
 * Article 3.5.9 §3 "Lock": the same two tasks, with the cache lookup and the fetch under
 * one Lock: the second task waits, then finds the page cached — one request, not two.
 */
import { pathToFileURL } from "node:url";
import { createTask, gather, Lock, run, sleep, type Coro } from "corio";
import { elapsed, now, repr, seededRandom } from "./support.js";

let random = seededRandom(15);
const cache = new Map<string, string>();
let lock = new Lock(); // made fresh in main(), as the article does inside asyncio.run

/** A network fetch whose latency varies (2 to 5 seconds). */
function* fetch(url: string): Coro<string> {
  const seconds = 2 + Math.floor(random() * 4);
  console.log(seconds);
  yield* sleep(seconds * 1000);
  return `<h2>${url}</h2>`;
}

function* getHtml(url: string): Coro<string> {
  return yield* lock.with(function* () {
    const hit = cache.get(url);
    if (hit !== undefined) return hit;
    const html = yield* fetch(url);
    cache.set(url, html);
    return html;
  });
}

function* parseJs(url: string): Coro<number> {
  return (yield* getHtml(url)).length;
}

function* parseHtml(url: string): Coro<string> {
  return yield* getHtml(url);
}

export function* main(): Coro<void> {
  cache.clear();
  random = seededRandom(15);
  lock = new Lock();
  const start = now();
  const task1 = createTask(parseJs("www.baidu"));
  const task2 = createTask(parseHtml("www.baidu"));
  const results = yield* gather([task1, task2]);
  console.log(repr(results));
  console.log(elapsed(start));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
