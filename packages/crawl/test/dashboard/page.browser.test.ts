/// <reference lib="dom" />
/**
 * The dashboard page in real headless Chromium, against a mock server that publishes a
 * scripted crawl: the page shows the API's numbers, draws its charts, its buttons POST and
 * are reachable by keyboard with names, every text is readable (contrast ≥ 4.5), the end
 * shows "finished", and report.html opens from disk without a console error.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, launchChromium } from "../../../../test/support/chromium.js";
import { renderReport } from "../../src/dashboard/render-report.js";
import type { StatsSnapshot } from "../../src/dashboard/stats-snapshot.js";
import { lowContrastTexts } from "./contrast.js";
import { chartMarks, expected, shown } from "./page-reading.js";
import { startMockDashboard, type MockDashboard } from "./mock-dashboard-server.js";
import { scriptedSnapshot } from "./scripted-crawl.js";

const skip = chromiumSkipReason();
if (skip) console.warn(`dashboard page browser tests skipped: ${skip}`);

describe.skipIf(skip)("dashboard page in Chromium", () => {
  let browser: Browser;
  let server: MockDashboard;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startMockDashboard(scriptedSnapshot(12))]);
    page = await browser.newPage();
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the numbers /api/stats returns and follows the events", async () => {
    await page.goto(server.url);
    await server.streams(1);
    const first = (await (await fetch(`${server.url}api/stats`)).json()) as StatsSnapshot;
    await expect.poll(() => shown(page)).toEqual(expected(first));
    const later = scriptedSnapshot(40);
    server.publish(later);
    await expect.poll(() => shown(page)).toEqual(expected(later));
    expect(await page.locator("#hosts tr").count()).toBe(later.hosts.length);
    await expect.poll(() => page.locator("#hosts tr").first().textContent()).toContain("https://books.example");
    expect(await page.locator("#errors tr").count()).toBe(later.recentErrors.length);
    const marks = await chartMarks(page);
    expect(marks["chart-pages"]).toBe(later.series.length - 2);
    expect(marks["chart-bytes"]).toBe(later.series.length - 2);
    expect(marks["chart-latency"]).toBe(4);
    expect(marks["chart-histogram"]).toBe(later.latency.histogram.length);
    expect(marks["chart-status"]).toBe(Object.keys(later.statusCodes).length);
    expect(await page.locator("#workers-section").isHidden()).toBe(true);
  });

  it("shows a book's chapters and a Redis crawl's workers when the snapshot has them", async () => {
    const s = scriptedSnapshot(40);
    s.mode = "book";
    s.book = { chaptersDone: 1234, chaptersTotal: null };
    // Empty buckets at the ends are left out of the histogram; one inside stays.
    s.latency.histogram = [0, 0, 5, 0, 7, 0].map((count, i) => ({ leMs: i === 5 ? null : 10 * 2 ** i, count }));
    s.workers = [
      { id: "w-a", doing: "fetching 2: books.example ×2", inFlight: 2, leased: 7, done: 1310, lastSeen: s.startedAt + 39_000 },
      { id: "w-b", doing: "idle: waiting for work", inFlight: 0, leased: 0, done: 95, lastSeen: s.startedAt + 38_000 },
    ];
    server.publish(s);
    await expect.poll(async () => (await shown(page))["chapters"]).toBe("1,234 / ?");
    await expect.poll(() => page.locator("#workers tr").allTextContents()).toEqual([
      expect.stringContaining("w-afetching 2: books.example ×2271,310"),
      expect.stringContaining("w-bidle: waiting for work0095"),
    ]);
    expect((await chartMarks(page))["chart-histogram"]).toBe(3);
    server.publish(scriptedSnapshot(40));
    await expect.poll(() => page.locator("#workers-section").isHidden()).toBe(true);
  });

  it("has named controls a keyboard reaches, and Pause/Resume/Stop POST", async () => {
    expect(await page.locator("#controls").ariaSnapshot()).toMatch(/button "Pause"[\s\S]*button "Stop"/);
    await page.locator("body").focus();
    let focused = "";
    for (let i = 0; i < 5 && focused !== "pause"; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.id ?? "");
    }
    expect(focused).toBe("pause");
    await page.keyboard.press("Enter");
    await expect.poll(() => server.posts).toEqual(["pause"]);
    server.publish(scriptedSnapshot(41, "paused"));
    await expect.poll(() => page.getByRole("button", { name: "Resume" }).count()).toBe(1);
    await expect.poll(() => page.locator("#phase").textContent()).toBe("paused");
    await page.keyboard.press("Enter");
    await expect.poll(() => server.posts).toEqual(["pause", "resume"]);
    server.publish(scriptedSnapshot(42));
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("stop");
    await page.keyboard.press("Enter");
    await expect.poll(() => server.posts).toEqual(["pause", "resume", "stop"]);
  });

  it("keeps every text readable: contrast at least 4.5:1", async () => {
    expect(await page.evaluate(lowContrastTexts, 4.5)).toEqual([]);
  });

  it("shows 'finished' with the summary's numbers", async () => {
    const end = scriptedSnapshot(100, "finished");
    server.publish(end);
    await expect.poll(() => page.locator("#phase").textContent()).toBe("finished");
    expect(await shown(page)).toEqual(expected(end));
    expect(await page.locator("#notice").textContent()).toContain("finished");
    expect(await page.getByRole("button", { name: "Pause" }).isDisabled()).toBe(true);
    expect(await page.evaluate(lowContrastTexts, 4.5)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("report.html opens from disk offline, draws the charts and shows the summary", async () => {
    const end = scriptedSnapshot(100, "finished");
    const dir = mkdtempSync(join(tmpdir(), "corio-report-"));
    try {
      const file = join(dir, "report.html");
      // A reason with markup in it must stay text, not end the embedded JSON.
      end.recentErrors[0]!.reason = "</script><b>x</b>";
      writeFileSync(file, renderReport(end, end.series, { generatedAt: end.endedAt!, options: { concurrency: 8 } }));
      const report = await browser.newPage();
      const errors: string[] = [];
      report.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      report.on("pageerror", (e) => errors.push(String(e)));
      report.on("request", (r) => !r.url().startsWith("file:") && errors.push(`request to ${r.url()}`));
      await report.goto(pathToFileURL(file).href);
      expect(await shown(report)).toEqual(expected(end));
      expect(Object.values(await chartMarks(report)).every((n) => n > 0)).toBe(true);
      expect(await report.locator("#controls").isHidden()).toBe(true);
      expect(await report.locator("#errors tr").first().textContent()).toContain("</script><b>x</b>");
      expect(await report.locator("#run").textContent()).toContain("concurrency8");
      expect(await report.evaluate(lowContrastTexts, 4.5)).toEqual([]);
      expect(errors).toEqual([]);
      await report.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
