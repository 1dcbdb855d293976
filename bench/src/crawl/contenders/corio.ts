/**
 * corio crawl, book mode, through its library API with its defaults (see book-options.ts).
 */
import { run } from "corio";
import { crawl } from "../../../../packages/crawl/src/index.js";
import { runChild } from "../harness.js";
import { bookOptions } from "./book-options.js";

runChild(async (job) => {
  const summary = await run(crawl(bookOptions(job)));
  return { failed: summary.failed };
});
