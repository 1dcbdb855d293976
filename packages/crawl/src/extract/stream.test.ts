import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHtml } from "./html.js";
import { scanHtml, streamableChain, streamableSelector } from "./stream.js";
import { extractInlineText, extractText, extractTitle } from "./text.js";

/** What the DOM path finds for the same questions. */
function viaDom(html: string, content: string | undefined, links?: string) {
  const doc = parseHtml(html);
  const el = content === undefined ? null : doc.selectOne(content);
  const h1 = doc.selectOne("h1");
  return {
    title: extractTitle(doc),
    hrefs: doc.selectAll("a[href]").map((a) => a.attribs["href"]!),
    baseHref: doc.selectOne("base[href]")?.attribs["href"],
    content: el === null ? null : extractText(el),
    links: links === undefined ? null : doc.selectAll(links).map((a) => ({ href: a.attribs["href"], text: extractInlineText(a) })),
    heading: links === undefined || h1 === null ? null : extractInlineText(h1),
    lang: doc.selectOne("html")?.attribs["lang"],
  };
}

const TAGS = ["p", "div", "br", "pre", "script", "style", "td", "th", "tr", "table", "title", "a", "base", "span", "b", "li", "ul", "h1", "select", "svg", "template", "head", "body", "dd", "dl", "blockquote", "img", "html", "form"];
// Raw-text and RCDATA elements and foreign content, where entities are (not) decoded.
const RARE_TAGS = ["xmp", "textarea", "noembed", "noframes", "iframe", "plaintext", "math", "mi", "foreignObject", "desc"];
// Entities of every kind the tokenizer decodes or leaves: with and without `;`, numeric,
// unknown, cut short by the end of the text or a tag.
const entity = fc.constantFrom("&amp;", "&nbsp;", "&lt;", "&lt", "&amp", "&not", "&notin;", "&notit;", "&#65;", "&#x4e2d;", "&#0;", "&#x110000;", "&", "&#", "&copy=", "&ampx");
const text = fc
  .array(fc.oneof(fc.stringMatching(/^[ \t\n\r a-z;<>\u00a0\u3000\uFFFD你好。]{0,6}$/), entity), { maxLength: 4 })
  .map((runs) => runs.join(""));
const attrs = fc.array(
  fc.oneof(
    fc.constant(' id="content"'),
    fc.constant(" id=other"),
    fc.constant(' href="/x.html"'),
    fc.constant(" href='http://a.test/y?z#f'"),
    fc.constant(" href"),
    fc.constant(' class="c"'),
    fc.constant(' class=" c  d"'),
    fc.constant(" CLASS=D"),
    fc.constant(' lang="zh-CN"'),
    fc.constant(" lang=en"),
    fc.constant(' href="/a?b=1&amp;c=2&copy=3&not"'),
    fc.constant(" id=con&#116;ent"),
    fc.constant(' class="c&#32;d"'),
    fc.constant(" lang=zh&amp"),
  ),
  { maxLength: 2 },
);
type Html = string;
const { node } = fc.letrec<{ node: Html; element: Html }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, text, tie("element"), fc.constant("<!-- c -->"), fc.constant("</p>"), fc.constant("</div>"), fc.constant("<br/>")),
  element: fc
    .tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TAGS) }, { weight: 1, arbitrary: fc.constantFrom(...RARE_TAGS) }), attrs, fc.array(tie("node"), { maxLength: 4 }), fc.boolean())
    .map(([tag, a, kids, close]) => `<${tag}${a.join("")}>${kids.join("")}${close ? `</${tag}>` : ""}`),
}));

describe("scanHtml", () => {
  it("finds what the DOM path finds: title, a[href], base, and the content's text", () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 8 }), fc.constantFrom("#content", "div#content", "p", "td", ".c", "div.c.d", "a[href]", "P#content"), (parts, content) => {
        const html = parts.join("");
        expect(scanHtml(html, { content })).toEqual(viaDom(html, content));
      }),
      { numRuns: 1000 },
    );
  });

  it("decodes entities where the tokenizer would: not in raw text, not in SVG's or MathML's own elements", () => {
    for (const html of [
      "<div id=content>a&amp;b<xmp>&amp;</xmp><math><xmp>&amp;</xmp><mi><xmp>&amp;</xmp></mi></math></div>",
      "<svg><title>a<&amp;</title></svg><title>b<&amp;&lt;</title><div id=content><textarea>x</t&amp;&gt;</textarea></div>",
      "<div id=content><noembed>&lt;</noembed><noframes>&lt;</noframes><plaintext>&lt;&amp;",
      "<a href='/a?b=1&amp;c=2&copy=3&not' id=con&#116;ent>&not&notin;</a>",
    ]) {
      expect(scanHtml(html, { content: "#content" }), html).toEqual(viaDom(html, "#content"));
    }
  });

  it("until the content's end: the same content, and nothing read after it", () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 8 }), fc.constantFrom("#content", "div#content", "p", "td"), (parts, content) => {
        const html = parts.join("");
        const whole = scanHtml(html, { content });
        const early = scanHtml(html, { content, until: "content" });
        expect(early.content).toEqual(whole.content);
        expect(whole.hrefs.slice(0, early.hrefs.length)).toEqual(early.hrefs); // what it read, it read alike
      }),
      { numRuns: 500 },
    );
    const chapter = "<title>第一章</title><div id=content>正文</div><div class=footer><a href='/about.html'>关于</a></div>";
    expect(scanHtml(chapter, { content: "#content", until: "content" })).toMatchObject({ title: "第一章", content: "正文", hrefs: [] });
    expect(scanHtml(chapter, { content: "#content" }).hrefs).toEqual(["/about.html"]);
  });

  it("reads a chapter page", () => {
    const html = "<html><head><title> 第一章\n 开始 </title><script>var a='<a href=/no>';</script></head><body><div id=content>&nbsp;&nbsp;第一段<br/><br/>第二段<a href='/2.html'>下一章</a></div></body></html>";
    expect(scanHtml(html, { content: "#content" })).toEqual({
      title: "第一章 开始",
      hrefs: ["/2.html"],
      baseHref: undefined,
      content: "第一段\n\n第二段下一章",
      links: null,
      heading: null,
      lang: undefined,
    });
  });

  it("finds the elements of a descendant selector with their text, the first h1 and <html lang>, as the DOM path", () => {
    const chains = ["dd a", "a", "dl dd a", "dd", "div .c a", "div .c", ".c a[href]", "dl a", "li span a", "td a", "div div", "div div a", "DD A", "#content a", "template a", "svg a"];
    fc.assert(
      fc.property(fc.array(node, { maxLength: 8 }), fc.constantFrom(...chains), (parts, links) => {
        const html = parts.join("");
        expect(scanHtml(html, { links, heading: true })).toEqual(viaDom(html, undefined, links));
      }),
      { numRuns: 1500 },
    );
  });

  it("reads an index page: the chapter links under `dd`, the h1 and the language", () => {
    const html =
      "<html lang=zh><head><title>书</title></head><body><h1> 恐怖\n复苏 </h1><dl><dt>最新</dt><dd><a href='/9.html'>第九章</a></dd>" +
      "<dd><a href=1.html><b>第一章</b> 开始</a></dd><dd><a>无链接</a></dd><dd><a href='/2.html'>第二<a href='/3.html'>章</a></a></dd></dl>" +
      "<p><a href='/x.html'>不在列表</a></p></body></html>";
    expect(scanHtml(html, { links: "dd a", heading: true })).toMatchObject({
      links: [
        { href: "/9.html", text: "第九章" },
        { href: "1.html", text: "第一章 开始" },
        { href: undefined, text: "无链接" },
        { href: "/2.html", text: "第二" }, // a new <a> closes the open one
        { href: "/3.html", text: "章" },
      ],
      heading: "恐怖 复苏",
      lang: "zh",
      title: "书",
    });
    expect(scanHtml(html, { links: "dd a", heading: true }).links).toEqual(viaDom(html, undefined, "dd a").links);
  });

  it("follows compound selectors and descendant chains; others need the tree", () => {
    for (const ok of ["#content", "div#content", ".c", "a.c.d[href]", "dd a", "#list  dd a", "div#list.box dd a[href][title]"]) {
      expect(streamableChain(ok), ok).not.toBeNull();
    }
    for (const no of ["dd > a", "dd + a", "dd ~ a", "a, b", "a:first-child", "a[href=x]", "*", "a *", "a\\.b", "[ href ]", "", "a#b#c", "a.c#id"]) {
      expect(streamableChain(no), no).toBeNull();
    }
    // Each compound of a chain needs an ancestor of its own, above the next one's.
    for (const [html, chain] of [
      ["<div class=c><a href=x>x</a></div>", "div .c a"],
      ["<div class=c><div><a href=x>x</a></div></div>", "div .c a"],
      ["<div><div><a href=x>x</a></div></div>", "div div a"],
      ["<div><a href=x>x</a></div>", "div div a"],
    ] as const) {
      expect(scanHtml(html, { links: chain }).links, `${chain} in ${html}`).toEqual(viaDom(html, undefined, chain).links);
    }
    expect(streamableSelector("#content")).not.toBeNull();
    expect(streamableSelector("div.c")).not.toBeNull();
    expect(streamableSelector("dd a")).toBeNull();
    expect(() => scanHtml("<p>", { content: "dd a" })).toThrow(RangeError);
    expect(() => scanHtml("<p>", { links: "dd > a" })).toThrow(RangeError);
  });
});
