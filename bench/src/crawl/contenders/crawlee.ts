/**
 * Crawlee 3's CheerioCrawler doing the article's job: the index handler enqueues the
 * `dd a` chapters in order (duplicates at their last place), each chapter handler keeps
 * the `#content` text under its index number, and the book is written at the end.
 * Configured like the others: min = max concurrency, no request-rate limit (Crawlee's
 * default), `maxRequestRetries`, the same per-request timeout, in-memory storage purged
 * on start, logging off; `suggestResponseEncoding: "gbk"` for the chapters that declare
 * their charset only in `<meta>` (Crawlee reads the header only).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CheerioCrawler, Configuration, log, LogLevel } from "@crawlee/cheerio";
import { runChild } from "../harness.js";
import { bookMarkdown, contentText, orderedChapters, type Link } from "../book-text.js";

runChild(async (job) => {
  log.setLevel(LogLevel.OFF);
  const config = new Configuration({ persistStorage: false, purgeOnStart: true });
  let chapters: Link[] = [];
  const texts: (string | undefined)[] = [];
  let failed = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: job.concurrency,
      maxConcurrency: job.concurrency,
      maxRequestRetries: job.retries,
      navigationTimeoutSecs: job.timeoutMs / 1000,
      requestHandlerTimeoutSecs: 60,
      suggestResponseEncoding: "gbk",
      async requestHandler({ request, $, crawler }) {
        if (request.label !== "chapter") {
          const links = $("dd a")
            .toArray()
            .map((a) => ({ href: a.attribs["href"] ?? "", title: $(a).text() }));
          chapters = orderedChapters(links, request.loadedUrl ?? request.url);
          await crawler.addRequests(
            chapters.map((c, i) => ({ url: c.url, uniqueKey: c.url, label: "chapter", userData: { i } })),
            { waitForAllRequestsToBeAdded: true },
          );
          return;
        }
        const content = $("#content").get(0);
        texts[(request.userData as { i: number }).i] = content === undefined ? "" : contentText(content.children as never);
      },
      failedRequestHandler() {
        failed++;
      },
    },
    config,
  );
  await crawler.run([{ url: job.indexUrl, uniqueKey: job.indexUrl }]);
  await writeFile(join(job.dir, "book.md"), bookMarkdown(chapters, texts));
  return { failed };
});
