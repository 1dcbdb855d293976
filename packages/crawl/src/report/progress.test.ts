import { afterEach, describe, expect, it, vi } from "vitest";
import { createProgress } from "./progress.js";
import { CrawlStats } from "./stats.js";
import { buildSummary } from "./summary.js";

/** A stand-in for a TTY stderr that keeps what the bar draws. */
function fakeTty() {
  let text = "";
  const stream = {
    isTTY: true,
    columns: 200,
    write: (chunk: string) => ((text += chunk), true),
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe("progress", () => {
  it("the bar's last line shows the counts the summary shows (max-pages leaves nothing queued)", () => {
    const stats = new CrawlStats();
    stats.refresh({ queued: 1, leased: 0, ok: 0, failed: 0, skipped: 0 });
    const tty = fakeTty();
    const progress = createProgress("bar", stats, 1000, tty.stream);
    progress.update();
    stats.record("ok", { queued: 300, skipped: 2 }); // the start page and the links it found
    for (let i = 0; i < 199; i++) stats.record("ok");
    stats.record("failed");
    progress.update();
    // --max-pages 201 reached: the frontier skips the 100 left at the end.
    stats.skippedQueued(100);
    stats.refresh({ queued: 0, leased: 0, ok: 200, failed: 1, skipped: 102 });
    progress.update();
    progress.stop();
    const last = tty.text().split(/\r|\n/).filter((l) => l.includes("pages")).at(-1)!;
    const summary = buildSummary(stats, new Map(), { output: "o", errorsFile: "e", state: "s" }, "done");
    expect(summary.totals).toEqual({ ok: 200, failed: 1, skipped: 102, queued: 0 });
    expect({ ok: summary.ok, failed: summary.failed, skipped: summary.skipped }).toEqual({ ok: 200, failed: 1, skipped: 102 });
    expect(last).toContain("201/201 pages | 0 queued");
    expect(last).toContain("1 errors");
  });

  describe("line mode", () => {
    afterEach(() => vi.useRealTimers());

    it("a log that showed progress ends with the final counts", () => {
      vi.useFakeTimers();
      const stats = new CrawlStats();
      stats.refresh({ queued: 1, leased: 0, ok: 0, failed: 0, skipped: 0 });
      const tty = fakeTty();
      const progress = createProgress("line", stats, 1000, tty.stream);
      stats.record("ok", { queued: 100, skipped: 0 });
      vi.advanceTimersByTime(1000);
      for (let i = 0; i < 100; i++) stats.record("ok");
      stats.refresh({ queued: 0, leased: 0, ok: 101, failed: 0, skipped: 0 });
      progress.stop();
      const lines = tty.text().trim().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^\[crawl\] 1 pages, 100 queued/);
      expect(lines[1]).toMatch(/^\[crawl\] 101 pages, 0 queued/);
    });

    it("a crawl shorter than one interval prints no progress line (the summary says it all)", () => {
      vi.useFakeTimers();
      const stats = new CrawlStats();
      const tty = fakeTty();
      const progress = createProgress("line", stats, 1000, tty.stream);
      stats.record("ok");
      progress.stop();
      expect(tty.text()).toBe("");
    });
  });
});
