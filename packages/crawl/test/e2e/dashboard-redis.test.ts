/// <reference lib="dom" />
/**
 * A crawl shared through Redis, watched and reported as a person would: two `corio crawl`
 * workers on the fixture site (a 404, a 503 retried, uneven response times), one with
 * `--dashboard 0`. Its `/api/stats` — and, when Chromium is there, its page — shows both
 * workers and what each is doing; after the end `corio crawl report --frontier --crawl-id`
 * writes a report whose numbers are the two workers' `--json` summaries added up, and
 * which opens from disk with its charts drawn and no console error.
 *
 * `CORIO_WRITE_SCREENSHOTS=1` also saves docs/dashboard-live.png and
 * docs/dashboard-report.png from this real crawl (see docs/dashboard.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { chromiumSkipReason, launchChromium } from "../../../../test/support/chromium.js";
import type { StatsSnapshot } from "../../src/dashboard/stats-snapshot.js";
import type { CrawlSummary } from "../../src/report/summary.js";
import { chartMarks, expected, shown } from "../dashboard/page-reading.js";
import { failFirst, type FixtureSite } from "../fixture-site/index.js";
import { freshCrawlId, redisUrl, skipReason } from "../redis-server.js";
import { exited, spawnCli, tempDir, until, fixtureSite } from "./support.js";

const DOCS = fileURLToPath(new URL("../../../../docs/", import.meta.url));
const SCREENSHOTS = process.env["CORIO_WRITE_SCREENSHOTS"] === "1";
const VIEWPORT = { width: 1280, height: 900 };
const noBrowser = chromiumSkipReason();
if (noBrowser) console.warn(`Redis dashboard e2e: the browser part is skipped: ${noBrowser}`);

/** What a worker row may say while the crawl runs (see frontier/worker-activity.ts). */
const DOING = /^(fetching \d+: 127\.0\.0\.1:\d+( ×\d+)?(; \d+ waiting for a host slot)?|\d+ waiting for a host slot|\d+ leased, none in flight|idle: waiting for work|finished)$/;

let site: FixtureSite | undefined;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function stats(base: string): Promise<StatsSnapshot> {
  return (await (await fetch(new URL("/api/stats", base))).json()) as StatsSnapshot;
}

function collectErrors(page: Page, errors: string[]): Page {
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return page;
}

describe.skipIf(redisUrl === null)(`a Redis crawl's dashboard and report ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, () => {
  it("shows both workers and what each is doing; report --frontier --crawl-id equals their summed --json summaries", async () => {
    // ≥ 4 s of crawl at 4 requests in flight: time for the page to show it running.
    [site, browser] = await Promise.all([
      fixtureSite({
        chapters: 160,
        latencyMs: (path) => 40 + ((path.length * 37 + (Number(/\d+/.exec(path)?.[0] ?? 0) % 13) * 11) % 120),
        faults: { "/book/1017.html": [{ status: 404 }], "/book/1090.html": [{ status: 404 }], "/book/1033.html": failFirst(1, 503), "/book/1120.html": failFirst(2, 500) },
      }),
      noBrowser ? undefined : launchChromium(),
    ]);
    const crawlId = freshCrawlId("dashreport");
    const dir = tempDir();
    const common = ["--allow-private", "--progress", "none", "--concurrency", "2", "--per-host", "4", "--backoff-base", "10ms", "--json", "--frontier", redisUrl!, "--crawl-id", crawlId];
    const a = spawnCli(["crawl", "book", site.indexUrl, "-o", join(dir, "a", "book.md"), "--dashboard", "0", ...common]);
    await until(() => /dashboard: (http:\S+)\n/.test(a.output().stderr) || a.exitCode !== null, 60_000);
    const base = /dashboard: (http:\S+)\n/.exec(a.output().stderr)?.[1];
    expect(base, a.output().stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const b = spawnCli(["crawl", "book", site.indexUrl, "-o", join(dir, "b", "book.md"), ...common]);

    // Both workers, each saying what it does; one of them is fetching. `--per-host 4` is
    // shared by both: room for each worker's 2, while a pause or retry may make one wait.
    const page = browser === undefined ? undefined : await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    if (page !== undefined) await collectErrors(page, errors).goto(base!);
    let running: StatsSnapshot | undefined;
    await expect
      .poll(
        async () => {
          running = await stats(base!);
          return (running.workers ?? []).length === 2 && running.workers!.some((w) => w.doing.startsWith("fetching") && w.done > 0);
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBe(true);
    expect(running!.phase).toBe("running");
    expect(new Set(running!.workers!.map((w) => w.id)).size).toBe(2);
    for (const w of running!.workers!) {
      expect(w.doing).toMatch(DOING);
      expect(Math.abs(Date.now() - w.lastSeen)).toBeLessThan(10_000);
    }
    if (page !== undefined) {
      await expect.poll(() => page.locator("#workers tr").count(), { timeout: 10_000 }).toBe(2);
      const rows = await page.locator("#workers tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")));
      for (const [, doing] of rows) expect(doing).toMatch(DOING);
      if (SCREENSHOTS) {
        await expect.poll(async () => (await stats(base!)).totals.ok, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(80); // a chart with some history
        await page.screenshot({ path: `${DOCS}dashboard-live.png`, fullPage: true });
      }
    }

    const codes = await Promise.all([exited(a), exited(b)]);
    expect(codes, a.output().stderr + b.output().stderr).toEqual([2, 2]); // two chapters failed for good
    const summaries = [a, b].map((w) => JSON.parse(w.output().stdout) as CrawlSummary);
    const sum = (k: "ok" | "failed" | "skipped" | "retries" | "bytes") => summaries[0]![k] + summaries[1]![k];
    expect(sum("ok")).toBe(159); // the index and 158 chapters
    expect(sum("failed")).toBe(2);
    const statuses: Record<string, number> = {};
    for (const s of summaries) for (const [code, n] of Object.entries(s.statusHistogram)) statuses[code] = (statuses[code] ?? 0) + n;

    // `corio crawl status`: each worker's last word is that it saw the crawl end.
    const st = spawnCli(["crawl", "status", "--frontier", redisUrl!, "--crawl-id", crawlId, "--json"]);
    expect(await exited(st), st.output().stderr).toBe(0);
    const status = JSON.parse(st.output().stdout) as { workers: { done: number; activity: { state: string } | null }[] };
    expect(status.workers.map((w) => w.activity?.state)).toEqual(["finished", "finished"]);

    // The report from Redis: the workers' numbers added up.
    const report = join(dir, "report.html");
    const rep = spawnCli(["crawl", "report", "--frontier", redisUrl!, "--crawl-id", crawlId, "-o", report]);
    expect(await exited(rep), rep.output().stderr).toBe(0);
    expect(rep.output().stderr).toMatch(/^report: .*report\.html \(159 ok, 2 failed, 0 skipped, 0 queued\)\n$/);
    const html = readFileSync(report, "utf8");
    const fromRedis = (JSON.parse(/<script type="application\/json" id="corio-report">(.*?)<\/script>/s.exec(html)![1]!) as { snapshot: StatsSnapshot }).snapshot;
    for (const k of ["ok", "failed", "skipped", "retries", "bytes"] as const) expect(fromRedis.counts[k], k).toBe(sum(k));
    expect(fromRedis.counts.retries).toBe(3);
    expect(fromRedis.statusCodes).toEqual(statuses);
    expect(fromRedis.totals).toEqual(summaries[0]!.totals);
    expect(fromRedis.reasons).toEqual(summaries[0]!.reasons);
    expect(fromRedis.latency.histogram.reduce((n, k) => n + k.count, 0)).toBe(161);
    expect(fromRedis.series.at(-1)).toMatchObject({ pages: 161, failed: 2 });
    expect(fromRedis.hosts.map((h) => [h.origin, h.ok, h.failed])).toEqual([[site.origin, 159, 2]]);
    expect(fromRedis.recentErrors.map((e) => e.reason).sort()).toEqual(["http-404", "http-404"]);

    if (browser !== undefined) {
      const file = collectErrors(await browser.newPage({ viewport: VIEWPORT }), errors);
      await file.goto(pathToFileURL(report).href);
      const cards = await shown(file);
      const want = expected(fromRedis);
      for (const k of ["ok", "failed", "skipped", "retries", "bytes"]) expect(cards[k], k).toBe(want[k]);
      expect(Object.values(await chartMarks(file)).every((n) => n > 0)).toBe(true);
      expect(errors).toEqual([]);
      if (SCREENSHOTS) await file.screenshot({ path: `${DOCS}dashboard-report.png`, fullPage: true });
    }
  }, 180_000);
});
