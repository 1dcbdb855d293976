/// <reference lib="dom" />
/**
 * Reading the dashboard page in a test: its cards as shown, the text they must show for a
 * snapshot (the page's own formatting, so a test compares numbers, not styles), and how
 * many marks each chart drew.
 */
import type { Page } from "playwright-core";
import * as fmt from "../../src/dashboard/page/format.js";
import type { StatsSnapshot } from "../../src/dashboard/stats-snapshot.js";

/** The cards as the page shows them. */
export async function shown(page: Page): Promise<Record<string, string>> {
  return page.$$eval("[data-stat]", (els) => Object.fromEntries(els.map((e) => [e.getAttribute("data-stat"), e.textContent ?? ""])));
}

/** The cards as they must read for `s`. */
export function expected(s: StatsSnapshot): Record<string, string> {
  const c = s.counts;
  return {
    ok: fmt.count(c.ok), failed: fmt.count(c.failed), skipped: fmt.count(c.skipped), queued: fmt.count(c.queued),
    inFlight: fmt.count(c.inFlight), retries: fmt.count(c.retries), bytes: fmt.bytes(c.bytes),
    bytesPerSecond: fmt.bytes(s.phase === "finished" ? (c.bytes * 1000) / s.elapsedMs : s.rate.bytesPerSecond),
    elapsed: fmt.duration(s.elapsedMs / 1000),
    pagesPerSecond: fmt.rate(s.summary ? s.summary.pagesPerSecond : s.rate.pagesPerSecond),
    eta: s.phase === "finished" ? "done" : s.etaSeconds === null ? "–" : fmt.duration(s.etaSeconds),
    chapters: s.book ? `${fmt.count(s.book.chaptersDone)} / ${s.book.chaptersTotal === null ? "?" : fmt.count(s.book.chaptersTotal)}` : "–",
  };
}

/** How many marks each chart drew (line segments of the line charts, bars of the bar charts). */
export async function chartMarks(page: Page): Promise<Record<string, number>> {
  return page.$$eval("svg[id^=chart-]", (svgs) =>
    Object.fromEntries(svgs.map((s) => [s.id, s.querySelectorAll("path.line").length ? (s.querySelector("path.line")!.getAttribute("d")!.match(/L/g) ?? []).length : s.querySelectorAll("rect.bar").length])),
  );
}
