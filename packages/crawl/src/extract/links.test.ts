import { describe, expect, it } from "vitest";
import { dedupeLinks, documentBaseUrl, extractLinks } from "./links.js";
import { parseHtml } from "./html.js";

describe("extractLinks", () => {
  const page = "http://x.com/book/index.html";

  it("resolves hrefs against the page URL and drops fragments", () => {
    const doc = parseHtml(`<a href="1.html">一</a><a href="/book/2.html#top">二</a><a href="../other/">o</a>
      <a href="https://y.org/z?q=1">y</a><a href="#frag">self</a>`);
    expect(extractLinks(doc, page)).toEqual([
      { url: "http://x.com/book/1.html", text: "一" },
      { url: "http://x.com/book/2.html", text: "二" },
      { url: "http://x.com/other/", text: "o" },
      { url: "https://y.org/z?q=1", text: "y" },
      { url: "http://x.com/book/index.html", text: "self" },
    ]);
  });

  it("keeps only http(s) links that parse", () => {
    const doc = parseHtml(`<a href="mailto:a@b.c">m</a><a href="javascript:void(0)">j</a><a href="ftp://f/">f</a>
      <a href="http://exa mple.com/">bad</a><a>no href</a><a href="  /ok  ">ok</a>`);
    expect(extractLinks(doc, page)).toEqual([{ url: "http://x.com/ok", text: "ok" }]);
  });

  it("respects <base href>, itself relative to the page", () => {
    const doc = parseHtml(`<head><base href="/chapters/"><base href="http://ignored.com/"></head><a href="3.html">三</a>`);
    expect(extractLinks(doc, page)).toEqual([{ url: "http://x.com/chapters/3.html", text: "三" }]);
  });

  it("ignores a <base> without href or with a broken one", () => {
    expect(documentBaseUrl(parseHtml(`<base target="_blank">`), page).href).toBe(page);
    expect(documentBaseUrl(parseHtml(`<base href="http://[bad">`), page).href).toBe(page);
  });

  it("uses a custom selector and keeps duplicates in document order", () => {
    const doc = parseHtml(`<dl><dt>最新章节</dt><dd><a href="3.html">第三章</a></dd>
      <dt>正文</dt><dd><a href="1.html">第一章</a></dd><dd><a href="2.html">第二章</a></dd><dd><a href="3.html">第三章</a></dd></dl>
      <div class=nav><a href="/">home</a></div>`);
    expect(extractLinks(doc, page, "dd a").map((l) => l.text)).toEqual(["第三章", "第一章", "第二章", "第三章"]);
  });

  it("puts link text on one line", () => {
    const doc = parseHtml(`<a href="1.html">\n  第一章\n  <span>开始</span>\n</a>`);
    expect(extractLinks(doc, page)[0]!.text).toBe("第一章 开始");
  });
});

describe("dedupeLinks", () => {
  const items = ["c", "a", "b", "c", "a"].map((k, i) => ({ k, i }));

  it("keeps the first occurrence by default", () => {
    expect(dedupeLinks(items, (x) => x.k).map((x) => x.i)).toEqual([0, 1, 2]);
  });

  it("keeps the last occurrence at its place when asked (book mode)", () => {
    expect(dedupeLinks(items, (x) => x.k, "last").map((x) => x.i)).toEqual([2, 3, 4]);
  });
});
