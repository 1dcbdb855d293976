/**
 * Article 3.5.9 §2 "why synchronization": two tasks want the same page; with no lock both
 * miss the cache and both fetch it — two network requests for one page.
 */
import { pathToFileURL } from "node:url";
import { createTask, gather, run, sleep, type Coro } from "corio";
import { elapsed, now, repr, seededRandom } from "./support.js";

let random = seededRandom(15);
const cache = new Map<string, string>();

/** A network fetch whose latency varies (2 to 5 seconds). */
function* fetch(url: string): Coro<string> {
  const seconds = 2 + Math.floor(random() * 4);
  console.log(seconds);
  yield* sleep(seconds * 1000);
  return `<h2>${url}</h2>`;
}

function* getHtml(url: string): Coro<string> {
  const hit = cache.get(url);
  if (hit !== undefined) return hit;
  const html = yield* fetch(url);
  cache.set(url, html);
  return html;
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
  const start = now();
  const task1 = createTask(parseJs("www.baidu"));
  const task2 = createTask(parseHtml("www.baidu"));
  const results = yield* gather([task1, task2]);
  console.log(repr(results));
  console.log(elapsed(start));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
