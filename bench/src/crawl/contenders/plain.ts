/**
 * The article's job as a plain script: undici (one keep-alive Pool of `concurrency`
 * connections), cheerio in htmlparser2 mode (`cheerio/slim`), p-limit, iconv-lite for
 * GBK. Fetch the index, take `dd a` in order, fetch every chapter under the limit with
 * up to `retries` retries (exponential backoff with full jitter, 500 ms base — corio's
 * default — slept inside the limit, as such a script does), keep `#content` text, write
 * the book; failed URLs are kept in a list.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { load } from "cheerio/slim";
import iconv from "iconv-lite";
import pLimit from "p-limit";
import { Pool } from "undici";
import { runChild } from "../harness.js";
import { bookMarkdown, contentText, orderedChapters } from "../book-text.js";

runChild(async (job) => {
  const origin = new URL(job.indexUrl).origin;
  const pool = new Pool(origin, { connections: job.concurrency });
  const get = async (url: string): Promise<string> => {
    const u = new URL(url);
    const res = await pool.request({ path: u.pathname + u.search, method: "GET", signal: AbortSignal.timeout(job.timeoutMs) });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode} for ${url}`);
    }
    return iconv.decode(Buffer.from(await res.body.arrayBuffer()), "gbk");
  };
  const getWithRetries = async (url: string): Promise<string> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await get(url);
      } catch (e) {
        if (attempt >= job.retries) throw e;
        await sleep(Math.floor(Math.random() * 500 * 2 ** attempt));
      }
    }
  };

  const $index = load(await getWithRetries(job.indexUrl));
  const links = $index("dd a")
    .toArray()
    .map((a) => ({ href: a.attribs["href"] ?? "", title: $index(a).text() }));
  const chapters = orderedChapters(links, job.indexUrl);
  const limit = pLimit(job.concurrency);
  const failed: string[] = [];
  const texts = await Promise.all(
    chapters.map((c) =>
      limit(async () => {
        try {
          const $ = load(await getWithRetries(c.url));
          const content = $("#content").get(0);
          return content === undefined ? "" : contentText(content.children as never);
        } catch {
          failed.push(c.url);
          return undefined;
        }
      }),
    ),
  );
  await writeFile(join(job.dir, "book.md"), bookMarkdown(chapters, texts));
  await pool.close();
  return { failed: failed.length };
});
