/**
 * corio crawl, book mode, through its library API with its defaults (see book-options.ts),
 * in a process whose heap is sized as the `corio crawl` command sizes its own.
 */
import { run } from "corio";
import { crawl, tuneHeapForCrawling } from "../../../../packages/crawl/src/index.js";
import { runChild } from "../harness.js";
import { bookOptions } from "./book-options.js";

runChild(async (job) => {
  tuneHeapForCrawling(); // as the `corio crawl` command does in its process
  const summary = await run(crawl(bookOptions(job)));
  return { failed: summary.failed };
});
