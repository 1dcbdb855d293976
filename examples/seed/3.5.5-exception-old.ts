/**
 * 3.5.5 异常相关 · 旧版 — the same failure with the old API: `loop.run_until_complete(main())`
 * inside `try`/`except`. The exception comes out of `runUntilComplete` at once.
 *
 * URLs: https://example.com/1…4 stand in for the article's stripped URLs; the second fails.
 * A loop-level example: `main` takes the clock (a `VirtualClock` in the tests).
 */
import { pathToFileURL } from "node:url";
import { EventLoop, gather, RealClock, sleep, type Clock, type Coro } from "corio";
import { elapsed } from "./support.js";

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

export async function main(clock: Clock = new RealClock()): Promise<void> {
  const loop = new EventLoop({ clock });
  const start_time = loop.time();
  try {
    // 批量执行
    await loop.runUntilComplete(program());
  } catch (ex) {
    console.log((ex as Error).message);
  } finally {
    console.log(elapsed(start_time, loop.time()));
    loop.close(); // the three tasks still sleeping are dropped with the loop
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
