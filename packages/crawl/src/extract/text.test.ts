import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { extractInlineText, extractText, extractTitle, textOfItems, type Item } from "./text.js";
import { parseHtml } from "./html.js";

const textOf = (html: string, sel = "body") => extractText(parseHtml(html).selectOne(sel)!);

describe("extractText", () => {
  it("keeps <br> paragraphs of a novel page and drops the indentation", () => {
    const html = `<body><div id="content">&nbsp;&nbsp;&nbsp;&nbsp;第一段，开始。<br /><br />
      &nbsp;&nbsp;&nbsp;&nbsp;第二段。<br /><br />　　第三段。</div></body>`;
    expect(textOf(html, "#content")).toBe("第一段，开始。\n\n第二段。\n\n第三段。");
  });

  it("puts a blank line around paragraphs and a newline around other blocks", () => {
    expect(textOf("<body><p>a</p><p>b</p><div>c</div><div>d</div><ul><li>e</li><li>f</li></ul></body>")).toBe(
      "a\n\nb\n\nc\nd\ne\nf",
    );
  });

  it("does not let source indentation between blocks create blank lines", () => {
    expect(textOf("<body>\n  <div>a</div>\n  <div>b</div>\n  <p>c</p>\n</body>")).toBe("a\nb\n\nc");
  });

  it("merges a <br> at the end of a paragraph with the paragraph break", () => {
    expect(textOf("<body><p>a<br></p><p>b<br><br></p><div>c</div></body>")).toBe("a\n\nb\n\nc");
  });

  it("keeps a single <br> as a line break inside a paragraph", () => {
    expect(textOf("<body><p>line one<br>line two</p></body>")).toBe("line one\nline two");
  });

  it("strips scripts, styles and other invisible elements, keeping text around them", () => {
    const html = `<body><div>before<script>var ad = "<p>x</p>";</script><style>p{}</style><noscript>n</noscript>
      <template><p>t</p></template>after</div><iframe>frame</iframe></body>`;
    expect(textOf(html)).toBe("before after");
  });

  it("collapses white space runs, &nbsp; included, and trims lines", () => {
    expect(textOf("<body><p>  a \t\n b&nbsp;&nbsp; c  </p></body>")).toBe("a b c");
  });

  it("decodes entities", () => {
    expect(textOf("<body><p>a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &#20320;&#x597D;</p></body>")).toBe('a < b && c > d "q" 你好');
  });

  it("keeps inline elements inline", () => {
    expect(textOf("<body><p>a <b>bold</b> and <a href=#>link</a>.</p></body>")).toBe("a bold and link.");
  });

  it("keeps line breaks inside <pre>", () => {
    expect(textOf("<body><pre>x = 1\ny = 2</pre></body>")).toBe("x = 1\ny = 2");
  });

  it("separates table cells and rows", () => {
    expect(textOf("<body><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table></body>")).toBe("a b\nc");
  });

  it("keeps at most one blank line", () => {
    expect(textOf("<body>a<br><br><br><br><br>b</body>")).toBe("a\n\nb");
  });

  it("returns an empty string for an empty or invisible element", () => {
    expect(textOf("<body><div id=c></div></body>", "#c")).toBe("");
    expect(textOf("<body><div id=c> <script>x</script> </div></body>", "#c")).toBe("");
  });

  it("skips the head of a whole document", () => {
    const doc = parseHtml("<html><head><title>T</title><style>s</style></head><body><p>body</p></body></html>");
    expect(extractText(doc.root)).toBe("body");
  });

  it("accepts several nodes", () => {
    const doc = parseHtml("<p>a</p><p>b</p>");
    expect(extractText(doc.selectAll("p"))).toBe("a\n\nb");
  });
});

describe("extractInlineText", () => {
  it("puts everything on one line", () => {
    expect(extractInlineText(parseHtml("<a>第一章<br>\n 开始</a>").selectOne("a")!)).toBe("第一章 开始");
  });
});

describe("extractTitle", () => {
  it("reads <title> on one line", () => {
    expect(extractTitle(parseHtml("<html><head><title> 第一章\n  开始 &amp; 结束</title></head></html>"))).toBe("第一章 开始 & 结束");
  });

  it("is null without a title", () => {
    expect(extractTitle(parseHtml("<p>x</p>"))).toBeNull();
  });
});

describe("textOfItems", () => {
  // The rules as first written, one regular expression or array method a step: what the
  // one-pass assembly must still produce for any items.
  function reference(items: Item[]): string {
    let out = "";
    let pending = 0;
    for (const item of items) {
      if (typeof item === "number") {
        pending = Math.max(pending, item);
        continue;
      }
      if (pending > 0 && item.trim() === "" && item !== "\n") continue;
      if (pending > 0 && out !== "") {
        const m = /\n[ \n]*$/.exec(out);
        const trailing = m ? m[0].split("\n").length - 1 : 0;
        out += "\n".repeat(Math.max(0, pending - trailing));
      }
      pending = 0;
      out += item;
    }
    return out
      .split("\n")
      .map((line) => line.replace(/ {2,}/g, " ").trim())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .replace(/^\n+|\n+$/g, "");
  }
  // Text runs as the collectors make them (white space collapsed to one space, "\n" for
  // <br>) and as they may not (tabs, U+3000, a raw newline), and break requests 0–2.
  const run = fc.array(fc.constantFrom("a", "字", " ", "\n", "\u3000", "\t", "\r", "\u00a0"), { maxLength: 6 }).map((cs) => cs.join(""));
  const item: fc.Arbitrary<Item> = fc.oneof(run, fc.constantFrom<Item>("\n", " ", 0, 1, 2));

  it("gives the text of the step-by-step rules for any items", () => {
    fc.assert(fc.property(fc.array(item, { maxLength: 40 }), (items) => {
      expect(textOfItems(items)).toBe(reference(items));
    }), { numRuns: 2000 });
  });
});
