import { describe, expect, it } from "vitest";
import { extractFields, parseFieldSpec } from "./fields.js";
import { parseHtml } from "./html.js";
import { UsageError } from "../errors.js";

describe("parseFieldSpec", () => {
  it.each([
    ["title=h1", { name: "title", selector: "h1" }],
    ["cover=img.cover@src", { name: "cover", selector: "img.cover", attr: "src" }],
    ["links=a[href]@href", { name: "links", selector: "a[href]", attr: "href" }],
    ["x = div > p @data-id", { name: "x", selector: "div > p", attr: "data-id" }],
    ['mail=a[href$="@x"]', { name: "mail", selector: 'a[href$="@x"]' }],
    ["eq=a[title='a=b']", { name: "eq", selector: "a[title='a=b']" }],
    ["ns=svg@xlink:href", { name: "ns", selector: "svg", attr: "xlink:href" }],
  ])("%s", (spec, expected) => {
    expect(parseFieldSpec(spec)).toEqual(expected);
  });

  it.each(["h1", "=h1", "1x=h1", "bad name=h1", "x=", "x=@href", "x=a["])("refuses %j naming --extract", (spec) => {
    expect(() => parseFieldSpec(spec)).toThrow(UsageError);
    expect(() => parseFieldSpec(spec)).toThrow(/^--extract: /);
  });
});

describe("extractFields", () => {
  const doc = parseHtml(`<h1> 标题 </h1><img src="/a.png"><img src="/b.png"><img alt=none>
    <div class=body><p>p1</p><p>p2</p></div><span class=one>only</span>`);

  it("gives a string for one match, an array for several, null for none", () => {
    const fields = extractFields(doc, ["h=h1", "imgs=img@src", "missing=.nope", "one=span.one", "body=.body"].map(parseFieldSpec));
    expect(fields).toEqual({ h: "标题", imgs: ["/a.png", "/b.png"], missing: null, one: "only", body: "p1\n\np2" });
  });

  it("skips elements without the attribute", () => {
    expect(extractFields(doc, [parseFieldSpec("alt=img@alt")])).toEqual({ alt: "none" });
    expect(extractFields(doc, [parseFieldSpec("x=h1@nope")])).toEqual({ x: null });
  });

  it("lets the last spec of a name win", () => {
    expect(extractFields(doc, ["a=h1", "a=span.one"].map(parseFieldSpec))).toEqual({ a: "only" });
  });
});
