import { describe, expect, it } from "vitest";
import { CrawlStats } from "./stats.js";
import { buildSummary, formatSummary } from "./summary.js";

const paths = { output: "out/pages.jsonl", errorsFile: "out/errors.jsonl", state: "out/pages.crawl.db" };

describe("summary", () => {
  it("shows this run and the whole crawl side by side, from the same counters", () => {
    const stats = new CrawlStats();
    stats.refresh({ queued: 1, leased: 0, ok: 10, failed: 2, skipped: 5 }); // an earlier run
    stats.record("ok", { queued: 3, skipped: 8 });
    const s = buildSummary(stats, new Map([["out-of-scope", { outcome: "skipped", count: 13 }]]), paths, "interrupted");
    expect([s.ok, s.failed, s.skipped]).toEqual([1, 0, 8]);
    expect(s.totals).toEqual({ ok: 11, failed: 2, skipped: 13, queued: 3 });
    expect(s.reasons).toEqual({ "out-of-scope": { outcome: "skipped", count: 13 } });
    const text = formatSummary(s);
    expect(text).toMatch(/this run +whole crawl\n +ok +1 +11\n +failed +0 +2\n +skipped +8 +13\n +queued +- +3\n/);
  });

  it("tells undecodable bytes from U+FFFD that the pages' text holds", () => {
    const stats = new CrawlStats();
    stats.decoded("http://x.test/a", 0, 2);
    stats.decoded("http://x.test/b", 3, 1);
    const s = buildSummary(stats, new Map(), paths, "done");
    expect([s.replacementChars, s.literalReplacementChars, s.pagesWithReplacementChars, s.damagedPages]).toEqual([3, 3, 1, ["http://x.test/b"]]);
    expect(formatSummary(s)).toContain("U+FFFD: 3 from undecodable bytes in 1 pages (e.g. http://x.test/b); 3 in the pages' own text (not damage)");
  });
});
