/**
 * A shared crawl's response times are the server's, not the wait for a host slot: with
 * every worker sharing `--per-host`, a request may wait seconds for another worker's slot
 * or pause (Retry-After), and the dashboard and the report must not call that slowness.
 * Virtual time: each request here waits 5 s for its slot; the fixture site answers at once.
 */
import { describe, expect, it } from "vitest";
import type { CrawlObserver } from "../../src/dashboard/crawl-observer.js";
import { MemoryFrontier } from "../../src/frontier/memory-frontier.js";
import type { HostSlotGrant, SharedFrontier } from "../../src/frontier/shared-frontier.js";
import { type FixtureSite } from "../fixture-site/index.js";
import { runCrawl, testOptions, virtualClock, fixtureSite } from "./support.js";

/** A frontier shared with imaginary other workers: every request's first ask for a slot is told to wait 5 s. */
class BusySlots extends MemoryFrontier implements SharedFrontier {
  readonly shared = true as const;
  asks = 0;
  async acquireHostSlot(): Promise<HostSlotGrant> {
    this.asks++;
    return this.asks % 2 === 1 ? { granted: false, waitMs: 5_000 } : { granted: true, token: String(this.asks) };
  }
  async releaseHostSlot(): Promise<void> {}
  async pauseHost(): Promise<void> {}
  async claimPage(): Promise<boolean> {
    return true;
  }
  async robotsGet(): Promise<string | null> {
    return "";
  }
  async robotsPut(): Promise<void> {}
}

let site: FixtureSite | undefined;

describe("a shared crawl's response times", () => {
  it("start when the host slot is granted, not when the request began to wait for it", async () => {
    site = await fixtureSite({ chapters: 6 });
    const clock = virtualClock();
    const frontier = new BusySlots();
    const times: number[] = [];
    const observer: CrawlObserver = { attached() {}, fetched: (_url, _status, _bytes, ms) => void times.push(ms), completed() {}, finished() {} };
    const started = clock.now();
    const summary = await runCrawl(testOptions({ mode: "book", startUrls: [site.indexUrl], ignoreRobots: true, concurrency: 2 }), clock, { frontier, observer });
    expect(summary.ok).toBe(7);
    expect(times).toHaveLength(7);
    // Every request waited 5 s (virtual) for its slot …
    expect(frontier.asks).toBe(14);
    expect(clock.now() - started).toBeGreaterThanOrEqual(5_000 * 4);
    // … and none of that wait is in its response time.
    expect(Math.max(...times)).toBeLessThan(5_000);
  });
});
