/**
 * The dashboard page's entry: report mode when the file embeds a crawl
 * (`#corio-report`), live mode when a running crawl served it.
 */
import * as fmt from "./format.js";
import { byId } from "./dom.js";
import { startLive } from "./live.js";
import { render } from "./render.js";
import { REPORT_ELEMENT_ID, type ReportData } from "../report-data.js";

function startReport(data: ReportData): void {
  byId("controls").hidden = true;
  const options = Object.entries(data.meta.options ?? {}).map(([k, v]): [string, string] => [k, String(v)]);
  render(data.snapshot, data.history.length > 0 ? data.history : data.snapshot.series, options);
  byId("footer").textContent = `Report written ${fmt.dateTime(data.meta.generatedAt)} by corio crawl.`;
}

const embedded = document.getElementById(REPORT_ELEMENT_ID);
if (embedded) startReport(JSON.parse(embedded.textContent ?? "null") as ReportData);
else void startLive();
