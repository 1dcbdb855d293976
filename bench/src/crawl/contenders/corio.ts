/**
 * corio crawl, book mode, through its library API with its defaults (SQLite state file
 * committed as it goes, robots.txt fetched and obeyed, charset sniffed per page), only
 * the benchmark's concurrency, retries and timeout set, and `allowPrivate` for loopback.
 */
import { join } from "node:path";
import { run } from "corio";
import { crawl } from "../../../../packages/crawl/src/index.js";
import { runChild } from "../harness.js";

runChild(async (job) => {
  const summary = await run(
    crawl({
      mode: "book",
      startUrls: [job.indexUrl],
      output: join(job.dir, "book.md"),
      concurrency: job.concurrency,
      retries: job.retries,
      timeout: job.timeoutMs,
      allowPrivate: true,
      progress: "none",
    }),
  );
  return { failed: summary.failed };
});
