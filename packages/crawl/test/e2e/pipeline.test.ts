/**
 * The fetch/processing pipeline: a page gives its concurrency slot back once its body is
 * read, so `--concurrency` bounds requests in flight (the fixture counts them), and the
 * pages being processed are bounded too (processingLimit).
 */
import { describe, expect, it } from "vitest";
import { sleep } from "corio";
import { expectedBook, type FixtureSite } from "../fixture-site/index.js";
import { processingLimit } from "../../src/schedule/processing-gate.js";
import { runCrawl, testOptions, fixtureSite } from "./support.js";
import { readFileSync } from "node:fs";

let site: FixtureSite | undefined;

describe("pipeline", () => {
  it("--concurrency N is the most requests in flight, with pages processed beside them", async () => {
    site = await fixtureSite({ chapters: 80, latencyMs: 5 });
    const opts = testOptions({ mode: "book", startUrls: [site.indexUrl], concurrency: 4 });
    await runCrawl(opts);
    expect(site.maxInFlight()).toBe(4);
    expect(readFileSync(opts.output, "utf8")).toBe(expectedBook(site.novel));
  });

  it("a slow page handler holds no fetch slot, and the pages being processed stay bounded", async () => {
    site = await fixtureSite({ chapters: 60, latencyMs: 2 });
    let handling = 0;
    let peakHandling = 0;
    let peakBoth = 0;
    const opts = testOptions({
      mode: "book",
      startUrls: [site.indexUrl],
      concurrency: 8,
      *onPage() {
        handling++;
        peakHandling = Math.max(peakHandling, handling);
        peakBoth = Math.max(peakBoth, handling + site!.inFlight());
        try {
          yield* sleep(15);
        } finally {
          handling--;
        }
      },
    });
    await runCrawl(opts);
    expect(peakHandling).toBeGreaterThan(1);
    expect(peakHandling).toBeLessThanOrEqual(processingLimit(8));
    // Handlers held no slot: at some point more pages were in hand (handled or in flight)
    // than --concurrency allows requests.
    expect(peakBoth).toBeGreaterThan(8);
    expect(site.maxInFlight()).toBeLessThanOrEqual(8);
    expect(readFileSync(opts.output, "utf8")).toBe(expectedBook(site.novel));
  });
});
