/**
 * 4.2.1 列表页 — `pq.items("dd a")` → `title:href` lines, written by a blocking `saves()`
 * through `run_in_executor` in the article. Here the parse is htmlparser2 + css-select
 * (the crawler's `parseHtml`); the lines are printed and returned instead of appended to
 * a file. Like the article, the "latest chapters" block comes first, so its six links
 * appear twice.
 */
import { pathToFileURL } from "node:url";
import { call, run, type Coro } from "corio";
import { parseHtml } from "../../packages/crawl/src/extract/html.js";
import { extractInlineText } from "../../packages/crawl/src/extract/text.js";
import { fetch } from "./4.1-first-fetch.js";
import { startFixtureSite } from "./4-support.js";

export function* main(): Coro<string[]> {
  const site = yield* call(startFixtureSite({ chapters: 12 }));
  try {
    const html = yield* fetch(`${site.origin}/book/`);
    const pq = parseHtml(html ?? "");
    const results = pq.selectAll("dd a").map((item) => `${extractInlineText(item)}:${item.attribs["href"]}`);
    for (const line of results) console.log(line);
    return results;
  } finally {
    yield* call(site.close());
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
