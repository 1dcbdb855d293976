import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHtml } from "./html.js";
import { scanHtml, streamableSelector } from "./stream.js";
import { extractText, extractTitle } from "./text.js";

/** What the DOM path finds for the same questions. */
function viaDom(html: string, content: string) {
  const doc = parseHtml(html);
  const el = doc.selectOne(content);
  return {
    title: extractTitle(doc),
    hrefs: doc.selectAll("a[href]").map((a) => a.attribs["href"]!),
    baseHref: doc.selectOne("base[href]")?.attribs["href"],
    content: el === null ? null : extractText(el),
  };
}

const TAGS = ["p", "div", "br", "pre", "script", "style", "td", "th", "tr", "table", "title", "a", "base", "span", "b", "li", "ul", "h1", "select", "svg", "template", "head", "body", "dd", "blockquote", "img"];
const text = fc.stringMatching(/^[ \t\n\r a-z&;<>\u00a0\u3000\uFFFD你好。]{0,12}$/).map((t) => t.replace(/&(?!amp;|nbsp;|lt;)/g, "&amp;"));
const attrs = fc.array(
  fc.oneof(fc.constant(' id="content"'), fc.constant(" id=other"), fc.constant(' href="/x.html"'), fc.constant(" href='http://a.test/y?z#f'"), fc.constant(" href"), fc.constant(' class="c"')),
  { maxLength: 2 },
);
type Html = string;
const { node } = fc.letrec<{ node: Html; element: Html }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, text, tie("element"), fc.constant("<!-- c -->"), fc.constant("</p>"), fc.constant("</div>"), fc.constant("<br/>")),
  element: fc
    .tuple(fc.constantFrom(...TAGS), attrs, fc.array(tie("node"), { maxLength: 4 }), fc.boolean())
    .map(([tag, a, kids, close]) => `<${tag}${a.join("")}>${kids.join("")}${close ? `</${tag}>` : ""}`),
}));

describe("scanHtml", () => {
  it("finds what the DOM path finds: title, a[href], base, and the content's text", () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 8 }), fc.constantFrom("#content", "div#content", "p", "td"), (parts, content) => {
        const html = parts.join("");
        expect(scanHtml(html, content)).toEqual(viaDom(html, content));
      }),
      { numRuns: 1000 },
    );
  });

  it("reads a chapter page", () => {
    const html = "<html><head><title> 第一章\n 开始 </title><script>var a='<a href=/no>';</script></head><body><div id=content>&nbsp;&nbsp;第一段<br/><br/>第二段<a href='/2.html'>下一章</a></div></body></html>";
    expect(scanHtml(html, "#content")).toEqual({ title: "第一章 开始", hrefs: ["/2.html"], baseHref: undefined, content: "第一段\n\n第二段下一章" });
  });

  it("follows only simple selectors; others need the tree", () => {
    expect(streamableSelector("#content")).not.toBeNull();
    expect(streamableSelector("div#content")).not.toBeNull();
    expect(streamableSelector("dd a")).toBeNull();
    expect(streamableSelector(".c")).toBeNull();
    expect(() => scanHtml("<p>", "dd a")).toThrow(RangeError);
  });
});
