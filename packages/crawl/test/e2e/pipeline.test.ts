/**
 * The fetch/processing pipeline: a page gives its concurrency slot back once its body is
 * read, so `--concurrency` bounds requests in flight (the fixture counts them), and the
 * pages being processed are bounded too (processingLimit).
 */
import { describe, expect, it, onTestFinished } from "vitest";
import { sleep } from "corio";
import { expectedBook, type FixtureSite } from "../fixture-site/index.js";
import { processingLimit } from "../../src/schedule/processing-gate.js";
import { runCrawl, testOptions, fixtureSite } from "./support.js";
import { readFileSync } from "node:fs";
import { subscribe, unsubscribe } from "node:diagnostics_channel";

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

  it("a page is processed after the next request of its connection is written", async () => {
    site = await fixtureSite({ chapters: 30, latencyMs: 2 });
    const events: string[] = [];
    const sent = (m: unknown): void => void events.push(`send ${(m as { request: { path: string } }).request.path}`);
    subscribe("undici:client:sendHeaders", sent);
    onTestFinished(() => {
      unsubscribe("undici:client:sendHeaders", sent);
    });
    const opts = testOptions({
      mode: "book",
      startUrls: [site.indexUrl],
      concurrency: 1,
      *onPage(page) {
        events.push(`page ${new URL(page.url).pathname}`);
      },
    });
    await runCrawl(opts);
    // One connection, chapters in index order: chapter n+1's request must be on the wire
    // before chapter n's page work starts (undici writes it two immediates after n's end).
    const chapters = site.novel.chapters.map((c) => c.path);
    for (let n = 0; n + 1 < chapters.length; n++) {
      expect(events.indexOf(`send ${chapters[n + 1]}`), `request ${n + 2} before page ${n + 1}`).toBeLessThan(events.indexOf(`page ${chapters[n]}`));
    }
    expect(readFileSync(opts.output, "utf8")).toBe(expectedBook(site.novel));
  });
});

