/**
 * What `report.html` embeds in `<script type="application/json" id="corio-report">`:
 * written by `renderReport` in Node, read by the page in the browser.
 */
import type { SeriesPoint, StatsSnapshot } from "./stats-snapshot.js";

/** The id of the embedded JSON element; its presence switches the page to report mode. */
export const REPORT_ELEMENT_ID = "corio-report";

/** Facts about the report itself, beside the crawl's. */
export interface ReportMeta {
  /** Wall-clock ms since epoch when the report was written. */
  generatedAt: number;
  /** The options the crawl ran with, shown as `name value` rows (optional). */
  options?: Record<string, string | number | boolean | null>;
}

/** The embedded document. */
export interface ReportData {
  snapshot: StatsSnapshot;
  /** The whole crawl's time series (the snapshot's may be thinned). */
  history: SeriesPoint[];
  meta: ReportMeta;
}
