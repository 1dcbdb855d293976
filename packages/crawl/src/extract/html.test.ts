import { describe, expect, it } from "vitest";
import { compileSelector, parseHtml, selectWithin } from "./html.js";
import { UsageError } from "../errors.js";

describe("parseHtml", () => {
  it("runs selectors on one tree", () => {
    const doc = parseHtml("<dl><dt>最新</dt><dd><a href='/3'>3</a></dd><dt>正文</dt><dd><a href='/1'>1</a></dd></dl><div id=content>x</div>");
    expect(doc.selectAll("dd a").map((a) => a.attribs["href"])).toEqual(["/3", "/1"]);
    expect(doc.selectOne("#content")?.name).toBe("div");
    expect(doc.selectOne("#missing")).toBeNull();
    expect(doc.root.type).toBe("root");
  });

  it("repairs broken markup instead of throwing", () => {
    const doc = parseHtml("<div><p>a<p>b</div></span><a href=x>c");
    expect(doc.selectAll("p")).toHaveLength(2);
    expect(doc.selectOne("a")?.attribs["href"]).toBe("x");
    expect(parseHtml("").selectAll("*")).toEqual([]);
  });

  it("matches tag and attribute names case-insensitively, as HTML does", () => {
    const doc = parseHtml("<DIV ID=Content><A HREF='/x'>x</A></DIV>");
    expect(doc.selectOne("div#Content a")?.attribs["href"]).toBe("/x");
  });
});

describe("selectWithin", () => {
  it("searches below a node", () => {
    const doc = parseHtml("<a id=out></a><div id=list><a>1</a><a>2</a></div>");
    expect(selectWithin(doc.selectOne("#list")!, "a")).toHaveLength(2);
  });
});

describe("compileSelector", () => {
  it("caches compiled selectors", () => {
    expect(compileSelector("dd > a")).toBe(compileSelector("dd > a"));
  });

  it.each(["a[", "", "   ", ":nonsense-pseudo", "a ! b"])("refuses %j as a usage error naming the option", (sel) => {
    expect(() => compileSelector(sel, "--links")).toThrow(UsageError);
    expect(() => compileSelector(sel, "--links")).toThrow(/^--links: invalid CSS selector/);
  });
});
