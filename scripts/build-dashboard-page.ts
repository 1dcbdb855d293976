/**
 * Builds the dashboard's one self-contained page, packages/crawl/src/dashboard/page.html,
 * from the TypeScript, CSS and HTML in packages/crawl/src/dashboard/page/: esbuild bundles
 * and minifies the script, and both script and styles are inlined, so the page needs no
 * network and no other file (live mode and `report.html` alike).
 *
 * The page is committed (the crawl serves it without a build step at install time);
 * `dashboard-page.test.ts` fails when it is older than its sources. Run:
 *
 *     npx tsx scripts/build-dashboard-page.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PAGE_DIR = fileURLToPath(new URL("../packages/crawl/src/dashboard/page/", import.meta.url));
/** Where the built page goes. */
export const PAGE_HTML = fileURLToPath(new URL("../packages/crawl/src/dashboard/page.html", import.meta.url));

/** The page as it should be committed, built from its sources in memory. */
export async function buildDashboardPage(): Promise<string> {
  const out = await build({
    entryPoints: [`${PAGE_DIR}main.ts`],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    minify: true,
    charset: "utf8",
    legalComments: "none",
    logLevel: "silent",
  });
  // A "</script" inside the code would end the inline script early.
  const script = out.outputFiles[0]!.text.trim().replace(/<\/script/gi, "<\\/script");
  const style = readFileSync(`${PAGE_DIR}style.css`, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s*\n\s*/g, "")
    .trim();
  const template = readFileSync(`${PAGE_DIR}template.html`, "utf8");
  // Functions as replacements: a "$" in the code must not be read as a pattern.
  return template.replace("/*STYLE*/", () => style).replace("/*SCRIPT*/", () => script);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const html = await buildDashboardPage();
  writeFileSync(PAGE_HTML, html);
  console.log(`wrote ${PAGE_HTML} (${(Buffer.byteLength(html) / 1024).toFixed(1)} KB)`);
}
