/**
 * The committed page.html is what scripts/build-dashboard-page.ts builds from
 * src/dashboard/page/: a change to the page's sources without a rebuild fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDashboardPage, PAGE_HTML } from "../../../../scripts/build-dashboard-page.js";

describe("dashboard page.html", () => {
  it("is up to date with its sources (rebuild: npm run build:dashboard-page)", async () => {
    expect(readFileSync(PAGE_HTML, "utf8") === (await buildDashboardPage())).toBe(true);
  });

  it("is self-contained: no external script, style, font or image", () => {
    const html = readFileSync(PAGE_HTML, "utf8");
    expect(html.match(/\b(?:src|href)\s*=\s*["']?(?!data:|#)[^"'\s>]+/gi) ?? []).toEqual([]);
    expect(html).not.toMatch(/@import|url\(\s*["']?(?:https?:)?\/\//i);
  });
});
