/**
 * 4.1 入门案例 — fetch one page: status 200 → its text, anything else → the URL goes into
 * `error_urls`. The article prints the page length (24287 there; our fixture index is
 * smaller) and then the elapsed time.
 */
import { pathToFileURL } from "node:url";
import { call, run, type Coro } from "corio";
import { get, gbkText, startFixtureSite } from "./4-support.js";

export const error_urls = new Set<string>();

// 获取页面html
export function* fetch(url: string): Coro<string | undefined> {
  const response = yield* get(url);
  if (response.status === 200) return gbkText(response.body);
  error_urls.add(url); // 添加到待处理集合中
  return undefined;
}

export function* main(): Coro<void> {
  const site = yield* call(startFixtureSite());
  try {
    const html = yield* fetch(`${site.origin}/book/`);
    if (html) console.log(html.length); // 获取到html
    yield* fetch(`${site.origin}/status/404`);
    console.log(`error_urls: ${[...error_urls].map((u) => new URL(u).pathname).join(", ")}`);
  } finally {
    yield* call(site.close());
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
