/**
 * `report.html`: the dashboard page with the crawl embedded, so it opens from disk, offline,
 * and draws the whole crawl the way the live page drew it.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REPORT_ELEMENT_ID, type ReportData, type ReportMeta } from "./report-data.js";
import type { SeriesPoint, StatsSnapshot } from "./stats-snapshot.js";

/**
 * The built page: beside this module in src/, and in dist/ when the build copies it; the
 * package ships src/ too, so dist/ falls back to it.
 */
const PAGE_CANDIDATES = [new URL("./page.html", import.meta.url), new URL("../../src/dashboard/page.html", import.meta.url)];

let cached: string | undefined;

/** The dashboard page's HTML (read once). */
export function dashboardPageHtml(): string {
  if (cached === undefined) {
    const found = PAGE_CANDIDATES.find((u) => existsSync(fileURLToPath(u)));
    if (!found) throw new Error("corio crawl: the dashboard page (dashboard/page.html) is missing from the package; reinstall @corio/crawl");
    cached = readFileSync(found, "utf8");
  }
  return cached;
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<` is written `\u003c`, so
 * a URL or reason containing `</script>` or `<!--` cannot end the element early.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * A self-contained `report.html` for a finished (or stopped) crawl.
 *
 * @param snapshot the last {@link StatsSnapshot} of the crawl
 * @param history the whole crawl's time series (pass `snapshot.series` when there is no longer one)
 * @param meta when the report was written and, optionally, the options to list
 * @example
 * ```ts no-run
 * writeFileSync("report.html", renderReport(snapshot, snapshot.series, { generatedAt: Date.now() }));
 * ```
 */
export function renderReport(snapshot: StatsSnapshot, history: SeriesPoint[], meta: ReportMeta): string {
  const data: ReportData = { snapshot, history, meta };
  const element = `<script type="application/json" id="${REPORT_ELEMENT_ID}">${scriptSafeJson(data)}</script>`;
  return dashboardPageHtml().replace("<!--REPORT-->", () => element);
}
