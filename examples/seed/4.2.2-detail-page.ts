/**
 * 4.2.2 详情页 — one chapter page, `pq("#content").text()`: the text without the
 * scripts and ads around it (paragraph breaks kept).
 */
import { pathToFileURL } from "node:url";
import { call, run, type Coro } from "corio";
import { parseHtml } from "../../packages/crawl/src/extract/html.js";
import { extractText } from "../../packages/crawl/src/extract/text.js";
import { fetch } from "./4.1-first-fetch.js";
import { startFixtureSite } from "./4-support.js";

export function* main(): Coro<string> {
  const site = yield* call(startFixtureSite({ chapters: 3 }));
  try {
    const html = yield* fetch(`${site.origin}/book/1001.html`);
    const text = extractText(parseHtml(html ?? "").selectOne("#content")!);
    console.log(text);
    return text;
  } finally {
    yield* call(site.close());
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
