/// <reference lib="dom" />
/**
 * The dashboard as a person uses it, in real headless Chromium: a real `corio crawl book`
 * of the fixture site with `--dashboard 0`; the page's numbers move; Pause on the page holds
 * every new request back (none reaches the site for 1 s) and the page then shows exactly
 * what `/api/stats` says; Resume; the page ends "finished" on the `--json` summary's
 * numbers; and `--report`'s file opens from disk with its charts and no console error.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { chromiumSkipReason, launchChromium } from "../../../../test/support/chromium.js";
import type { StatsSnapshot } from "../../src/dashboard/stats-snapshot.js";
import type { CrawlSummary } from "../../src/report/summary.js";
import { chartMarks, expected, shown } from "../dashboard/page-reading.js";
import { type FixtureSite } from "../fixture-site/index.js";
import { exited, spawnCli, tempDir, until, fixtureSite } from "./support.js";

const skip = chromiumSkipReason();
if (skip) console.warn(`dashboard browser e2e skipped: ${skip}`);

/** The cards that do not move with the clock (elapsed, rates and ETA do). */
const STEADY = ["ok", "failed", "skipped", "queued", "inFlight", "retries", "bytes", "chapters"];
const steady = (cards: Record<string, string>) => Object.fromEntries(STEADY.map((k) => [k, cards[k]]));

let site: FixtureSite | undefined;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe.skipIf(skip)("dashboard page on a real crawl", () => {
  it("follows the crawl, pauses and resumes it, ends on the summary; report.html opens from disk", async () => {
    // The browser is up before the crawl starts, so the page opens while there is a crawl
    // to watch (≥ 5 s of it: 100 chapters, 100 ms each, 2 at a time).
    [site, browser] = await Promise.all([fixtureSite({ chapters: 100, latencyMs: 100 }), launchChromium()]);
    const page = await browser.newPage();
    const dir = tempDir();
    const report = join(dir, "report.html");
    const child = spawnCli(["crawl", "book", site.indexUrl, "-o", join(dir, "book.md"), "--allow-private", "--progress", "none", "--concurrency", "2", "--dashboard", "0", "--json", "--report", report]);
    await until(() => /dashboard: (http:\S+)\n/.test(child.output().stderr) || child.exitCode !== null, 60_000);
    const base = /dashboard: (http:\S+)\n/.exec(child.output().stderr)?.[1];
    expect(base, child.output().stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base!);

    // The numbers move.
    const okShown = async () => Number((await shown(page))["ok"]!.replace(/,/g, ""));
    await expect.poll(okShown, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const first = await okShown();
    await expect.poll(okShown, { timeout: 30_000 }).toBeGreaterThan(first);

    // Pause from the page: once in-flight requests end, nothing reaches the site for 1 s,
    // and the page's numbers are /api/stats's.
    await page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => page.locator("#phase").textContent(), { timeout: 10_000 }).toBe("paused");
    await expect.poll(async () => (await shown(page))["inFlight"], { timeout: 10_000 }).toBe("0");
    const before = site.requests.length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(site.requests.length).toBe(before);
    const api = (await (await fetch(new URL("api/stats", base))).json()) as StatsSnapshot;
    await expect.poll(async () => steady(await shown(page))).toEqual(steady(expected(api)));

    // Resume from the page (keyboard: the button has focus from the click); it finishes.
    await expect.poll(() => page.getByRole("button", { name: "Resume" }).count()).toBe(1);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#phase").textContent(), { timeout: 60_000 }).toBe("finished");
    expect(await exited(child)).toBe(0);
    const summary = JSON.parse(child.output().stdout) as CrawlSummary;
    const end = { ...api, phase: "finished", summary, book: { chaptersDone: 100, chaptersTotal: 100 }, etaSeconds: null } as StatsSnapshot;
    end.counts = { ...api.counts, ok: summary.ok, failed: summary.failed, skipped: summary.skipped, retries: summary.retries, bytes: summary.bytes, queued: 0, inFlight: 0 };
    expect(steady(await shown(page))).toEqual(steady(expected(end)));
    expect((await shown(page))["pagesPerSecond"]).toBe(expected(end)["pagesPerSecond"]);
    // The throughput chart has points by the end (early on, a pause may come before its first sample).
    expect((await chartMarks(page))["chart-pages"]).toBeGreaterThan(0);
    expect(errors).toEqual([]);

    // The report, from disk: the same final numbers, charts drawn, no console error.
    const file = await browser.newPage();
    file.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    file.on("pageerror", (e) => errors.push(String(e)));
    await file.goto(pathToFileURL(report).href);
    expect(steady(await shown(file))).toEqual(steady(expected(end)));
    expect(Object.values(await chartMarks(file)).every((n) => n > 0)).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
