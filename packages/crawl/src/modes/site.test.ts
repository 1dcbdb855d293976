import { describe, expect, it } from "vitest";
import { parseHtml } from "../extract/html.js";
import { resolveOptions } from "../options.js";
import type { CrawledPage } from "../page.js";
import { createCanonicalizer } from "../url/canonicalize.js";
import { siteMode } from "./site.js";

const LONG = "x".repeat(2100);

function pageWith(html: string): CrawledPage {
  return {
    url: "http://site.test/",
    finalUrl: "http://site.test/",
    status: 200,
    contentType: "text/html",
    depth: 0,
    bytes: html.length,
    body: new Uint8Array(Buffer.from(html)),
    html,
    doc: parseHtml(html),
    encoding: "utf-8",
    replacementChars: 0,
    literalReplacementChars: 0,
    fetchedAt: new Date(0).toISOString(),
    data: {},
  };
}

describe("site mode: scope is decided first", () => {
  const mode = siteMode(resolveOptions({ mode: "site", startUrls: ["http://site.test/"], output: "out/pages.jsonl", maxDepth: 0 }), createCanonicalizer({}));
  const entry = { id: 1, url: "http://site.test/", key: "http://site.test/", host: "site.test", depth: 0, ord: null, label: null };

  it("an off-site link is out-of-scope even when it is too long, a trap or too deep", () => {
    const links = [`http://else.test/${LONG}`, "http://else.test/t/t/t/", "http://else.test/a", `http://site.test/${LONG}`, "http://site.test/t/t/t/", "http://site.test/a"];
    const { discovered } = mode.page(entry, pageWith(links.map((h) => `<a href="${h}">l</a>`).join("")));
    expect(discovered.map((d) => d.skip)).toEqual(["out-of-scope", "out-of-scope", "out-of-scope", "url-too-long", "trap", "max-depth"]);
  });

  it("a redirect hop off the site is out-of-scope whatever its length", () => {
    expect(mode.hopRule(new URL(`http://else.test/${LONG}`))).toBe("out-of-scope");
    expect(mode.hopRule(new URL(`http://site.test/${LONG}`))).toBe("url-too-long");
    expect(mode.hopRule(new URL("http://site.test/b"))).toBeNull();
  });
});
