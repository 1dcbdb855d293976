import { describe, expect, it } from "vitest";
import { REPORT_ELEMENT_ID } from "./report-data.js";
import { dashboardPageHtml, renderReport, scriptSafeJson } from "./render-report.js";
import type { StatsSnapshot } from "./stats-snapshot.js";

describe("renderReport", () => {
  it("embeds snapshot, history and meta as JSON the page reads back", () => {
    const snapshot = { schema: 1, phase: "finished", command: "corio crawl site x" } as unknown as StatsSnapshot;
    const history = [{ t: 0, pages: 0, bytes: 0, failed: 0, inFlight: 0 }];
    const html = renderReport(snapshot, history, { generatedAt: 5 });
    const m = html.match(new RegExp(`<script type="application/json" id="${REPORT_ELEMENT_ID}">([^<]*)</script>`));
    expect(JSON.parse(m![1]!)).toEqual({ snapshot, history, meta: { generatedAt: 5 } });
    expect(html.length).toBeGreaterThan(dashboardPageHtml().length);
  });

  it("writes '<' and the JS line separators escaped, so no value can end the element", () => {
    const value = { reason: "</script><!-- \u2028 $& $1" };
    const json = scriptSafeJson(value);
    expect(json).not.toMatch(/[<\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
