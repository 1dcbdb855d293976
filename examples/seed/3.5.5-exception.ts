/**
 * 3.5.5 异常相关 — `await task` gives a result or raises, like a synchronous call. With
 * `gather` (no `returnExceptions`), the first exception is raised at once (elapsed ≈ 0):
 * the program catches it around the run and prints it.
 *
 * The article's URLs were stripped; https://example.com/1…4 stand in for them, and the
 * second one fails (as in the article's output of the `return_exceptions` variant).
 * `asyncio.run` cancels the tasks still sleeping when `main` ends; so does `run`.
 */
import { pathToFileURL } from "node:url";
import { gather, run, sleep, type Coro } from "corio";
import { elapsed, now } from "./support.js";

export const urls = ["https://example.com/1", "https://example.com/2", "https://example.com/3", "https://example.com/4"];
export const BAD_URL = urls[1]!;

function* get_html(url: string): Coro<string> {
  console.log(`get ${url} ing`);
  if (url === BAD_URL) throw new Error("Exception is over");
  yield* sleep(2000);
  return `<h1>This is a test for ${url}</h1>`;
}

function* program(): Coro<string[]> {
  const tasks = urls.map((url) => get_html(url));
  return yield* gather(tasks);
}

export function* main() {
  const start_time = now();
  // try: asyncio.run(main()) except Exception as ex: print(ex)
  try {
    yield* program();
  } catch (ex) {
    console.log((ex as Error).message);
  }
  console.log(elapsed(start_time));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
