/**
 * corio crawl as in `corio.ts`, with what `--dashboard` adds: the LiveStats observer, its
 * one-a-second sampler, the server on a free loopback port, and a page open on it (an
 * event-stream client reading every update). The difference to the `corio` row is the
 * dashboard's cost (target: within 3 %).
 */
import { get } from "node:http";
import { run } from "corio";
import { crawl, tuneHeapForCrawling, LiveStats, startDashboard, type CrawlControl } from "../../../../packages/crawl/src/index.js";
import { runChild } from "../harness.js";
import { bookOptions } from "./book-options.js";

runChild(async (job) => {
  tuneHeapForCrawling(); // as the `corio crawl` command does in its process
  const live = new LiveStats({ mode: "book", command: "bench", start: [job.indexUrl] });
  let control: CrawlControl | undefined;
  const server = await startDashboard({
    port: 0,
    snapshot: () => live.snapshot(),
    control: { pause: () => control?.pause(), resume: () => control?.resume(), stop: () => control?.stop() },
  });
  const sampler = setInterval(() => live.sample(), 1000);
  const page = get(new URL("/api/events", server.url), (res) => res.resume());
  page.on("error", () => {}); // ended by server.close()
  try {
    const summary = await run(
      crawl(
        bookOptions(job),
        { observer: live, onStart: (c) => (control = c) },
      ),
    );
    return { failed: summary.failed };
  } finally {
    clearInterval(sampler);
    page.destroy();
    await server.close();
  }
});
