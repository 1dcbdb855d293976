/**
 * 4.3.1 小说网站实战 — the article's downloader, line for line with corio primitives:
 * a `Semaphore(3)` around every fetch, the index's `dd a` links, and for each link
 * `await get_text(...)` then a blocking `save()` — in a plain `for` loop.
 *
 * Why its Semaphore(3) never lets two requests overlap: the loop awaits each chapter
 * before it starts the next, so at most one coroutine ever holds the semaphore; the
 * "limit of 3" is never reached and the download is strictly sequential (the article's
 * "控制并发数反而更快" observation comes from elsewhere). To overlap, the chapters must be
 * separate tasks (`gather`, a TaskGroup) — which is what `corio crawl book` does; see
 * `4.3.1-crawl-book.ts`. The duplicate "latest chapters" links are also fetched twice and
 * saved at the top, as the article's loop would.
 */
import { pathToFileURL } from "node:url";
import { call, run, Semaphore, type Coro } from "corio";
import { parseHtml } from "../../packages/crawl/src/extract/html.js";
import { extractInlineText, extractText } from "../../packages/crawl/src/extract/text.js";
import { fetch as fetchPage } from "./4.1-first-fetch.js";
import { startFixtureSite } from "./4-support.js";

let sem: Semaphore;
/** Peak number of requests holding the semaphore at once (the point of the comment above). */
export let peak = 0;
let holding = 0;

function* fetch(url: string): Coro<string | undefined> {
  return yield* sem.with(function* () {
    holding++;
    peak = Math.max(peak, holding);
    try {
      return yield* fetchPage(url);
    } finally {
      holding--;
    }
  });
}

// 获取文章正文
function* get_text(base: string, url: string): Coro<string> {
  const html = yield* fetch(new URL(url, base).href); // 把相对路径改成域名+路径
  return extractText(parseHtml(html ?? "").selectOne("#content")!);
}

// 普通阻塞方法 (the article appends to 恐怖复苏.md; we collect the text)
export const book: string[] = [];
function save(title: string, text: string): void {
  book.push(`## ${title}\n\n${text}\n\n`);
  console.log(`${title} `);
}

export function* main(): Coro<void> {
  sem = new Semaphore(3); // 控制并发数
  const site = yield* call(startFixtureSite({ chapters: 8 }));
  try {
    const index = `${site.origin}/book/`;
    const html = yield* fetch(index);
    for (const item of parseHtml(html ?? "").selectAll("dd a")) {
      const title = extractInlineText(item);
      const text = yield* get_text(index, item.attribs["href"]!);
      save(title, text);
    }
    console.log("task over");
  } finally {
    yield* call(site.close());
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
