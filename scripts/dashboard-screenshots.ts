/**
 * Takes docs/dashboard-live.png and docs/dashboard-report.png in headless Chromium: the page
 * following a scripted crawl (served by the tests' mock server) and the report of its end.
 * The scripted crawl is computed, so the pictures change only when the page does. Run:
 *
 *     npx tsx scripts/dashboard-screenshots.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromiumSkipReason, launchChromium } from "../test/support/chromium.js";
import { renderReport } from "../packages/crawl/src/dashboard/render-report.js";
import { startMockDashboard } from "../packages/crawl/test/dashboard/mock-dashboard-server.js";
import { scriptedSnapshot } from "../packages/crawl/test/dashboard/scripted-crawl.js";

const DOCS = fileURLToPath(new URL("../docs/", import.meta.url));
const VIEWPORT = { width: 1280, height: 900 };

const skip = chromiumSkipReason();
if (skip) {
  console.error(`dashboard screenshots: ${skip}`);
  process.exit(1);
}
const browser = await launchChromium();
const server = await startMockDashboard(scriptedSnapshot(44));
const dir = mkdtempSync(join(tmpdir(), "corio-shots-"));
try {
  const live = await browser.newPage({ viewport: VIEWPORT });
  await live.goto(server.url);
  await live.locator("#phase", { hasText: "running" }).waitFor();
  await live.screenshot({ path: `${DOCS}dashboard-live.png`, fullPage: true });

  const end = scriptedSnapshot(100, "finished");
  const file = join(dir, "report.html");
  writeFileSync(file, renderReport(end, end.series, { generatedAt: end.endedAt!, options: { concurrency: 8, delay: "250ms" } }));
  const report = await browser.newPage({ viewport: VIEWPORT });
  await report.goto(pathToFileURL(file).href);
  await report.screenshot({ path: `${DOCS}dashboard-report.png`, fullPage: true });
  console.log(`wrote ${DOCS}dashboard-live.png and ${DOCS}dashboard-report.png`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
