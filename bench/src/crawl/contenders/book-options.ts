/**
 * The crawl options every corio contender of bench:crawl runs with: corio crawl's defaults
 * (SQLite state committed as it goes, robots.txt fetched and obeyed, charset sniffed per
 * page) and only the benchmark's concurrency, retries and timeout, plus `allowPrivate`
 * for loopback.
 */
import { join } from "node:path";
import type { CrawlOptionsInput } from "../../../../packages/crawl/src/index.js";
import type { Job } from "../protocol.js";

export function bookOptions(job: Job): CrawlOptionsInput {
  return {
    mode: "book",
    startUrls: [job.indexUrl],
    output: join(job.dir, "book.md"),
    concurrency: job.concurrency,
    retries: job.retries,
    timeout: job.timeoutMs,
    allowPrivate: true,
    progress: "none",
  };
}
