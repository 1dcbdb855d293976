import { beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { join } from "node:path";
import { writeBookEpub } from "./book-epub.js";
import { formatBookMarkdown, type Chapter } from "./book-markdown.js";
import { bookIdentifier, chapterXhtml, epubDate, type EpubMetadata } from "./epub-documents.js";
import { escapeXml, xmlChars } from "./xml-text.js";
import { CrawlError } from "../errors.js";
import { assertWellFormed, epubAsMarkdown, readEpub } from "../../test/epub-reader.js";
import { useTempDir } from "../../test/support/temp-dir.js";

const tempDir = useTempDir("corio-epub-");

const meta = (extra: Partial<EpubMetadata> = {}) => (): EpubMetadata => ({
  title: "凡人 & <修仙>",
  language: "zh-CN",
  identifier: bookIdentifier("http://x.test/book/"),
  modified: new Date("2026-03-04T05:06:07.890Z"),
  source: "http://x.test/book/?a=1&b=2",
  ...extra,
});
// W3C EPUBCheck, when installed (Debian's `epubcheck` package ships the jar at this path).
const EPUBCHECK = "/usr/bin/epubcheck";
const ch = (index: number, title = `第${index + 1}章`, text = `正文${index}\n\n第二段`): Chapter => ({ index, title, text });

let dir: string;
beforeEach(() => {
  dir = tempDir(); // removed after each test
});

describe("xml text", () => {
  it("escapes markup and drops what XML 1.0 cannot hold, keeping astral characters", () => {
    expect(escapeXml(`<a b="c">&'</a>`)).toBe("&lt;a b=&quot;c&quot;&gt;&amp;&apos;&lt;/a&gt;");
    expect(xmlChars("a\u0000b\u0008c\u000Bd\uFFFEe\uD800f\uDC00g\tn\n😀")).toBe("abcdefg\tn\n😀");
    expect(escapeXml("a\r\nb")).toBe("a&#13;\nb");
  });

  it("any string escaped is well-formed character data (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        assertWellFormed(`<x a="${escapeXml(s)}">${escapeXml(s)}</x>`, "x");
      }),
    );
  });
});

describe("epub documents", () => {
  it("a chapter keeps paragraphs and line breaks", () => {
    const doc = chapterXhtml("第一章 <开始>", "一\n二\n\n三 & 四");
    assertWellFormed(doc, "chapter");
    expect(doc).toContain("<h2>第一章 &lt;开始&gt;</h2>\n<p>一<br/>二</p>\n<p>三 &amp; 四</p>");
  });

  it("the identifier is a stable name-based UUID (v5 of the URL namespace)", () => {
    // The value of Python's uuid.uuid5(uuid.NAMESPACE_URL, "http://www.example.com/").
    expect(bookIdentifier("http://www.example.com/")).toBe("urn:uuid:fcde3c85-2270-590f-9e7c-ee003d65e0e2");
    expect(bookIdentifier("http://x.test/a")).not.toBe(bookIdentifier("http://x.test/b"));
  });

  it("dates are whole seconds in UTC", () => {
    expect(epubDate(new Date("2026-03-04T05:06:07.890Z"))).toBe("2026-03-04T05:06:07Z");
  });
});

describe("writeBookEpub", () => {
  it("writes a valid container: mimetype first and stored, sizes in every local header, well-formed documents", async () => {
    const path = join(dir, "book.epub");
    const chapters = [ch(0, "第一章\n 开始"), ch(2, "第三章", "a\nb\n\n\nc\u0001d"), ch(5, "", "")];
    await writeBookEpub(path, chapters, meta());
    const bytes = await readFile(path);
    // Readers sniff an EPUB by these bytes: "mimetype" at 30, the media type right after.
    expect(bytes.toString("latin1", 30, 58)).toBe("mimetypeapplication/epub+zip");
    const book = readEpub(path);
    const [first] = book.entries;
    expect(first).toMatchObject({ name: "mimetype", method: 0, extraLength: 0, offset: 0 });
    expect(first!.data.toString()).toBe("application/epub+zip");
    expect(book.entries.slice(1).every((e) => e.method === 8)).toBe(true);
    expect(book.entries.map((e) => e.name)).toEqual([
      "mimetype",
      "META-INF/container.xml",
      "OEBPS/text/ch0.xhtml",
      "OEBPS/text/ch2.xhtml",
      "OEBPS/text/ch5.xhtml",
      "OEBPS/nav.xhtml",
      "OEBPS/content.opf",
    ]);
    expect(book.metadata).toEqual({
      "dc:identifier": bookIdentifier("http://x.test/book/"),
      "dc:title": "凡人 & <修仙>",
      "dc:language": "zh-CN",
      "dc:source": "http://x.test/book/?a=1&b=2",
      "dcterms:modified": "2026-03-04T05:06:07Z",
    });
    expect(book.spine).toEqual(["OEBPS/text/ch0.xhtml", "OEBPS/text/ch2.xhtml", "OEBPS/text/ch5.xhtml"]);
    // An empty title gets a label in the table of contents only.
    expect(book.toc).toEqual(["第一章 开始", "第三章", "6"]);
    // Same text as the Markdown book, less the control character XML cannot hold.
    expect(epubAsMarkdown(book)).toBe(formatBookMarkdown(chapters).replace("\u0001", ""));
    expect(await readdir(dir)).toEqual(["book.epub"]);
  });

  it("round-trips any chapter text to the Markdown book (property)", async () => {
    const xmlText = fc.string({ unit: "grapheme" }).map(xmlChars);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(xmlText, xmlText), { minLength: 1, maxLength: 4 }), async (pairs) => {
        const chapters = pairs.map(([title, text], index) => ({ index, title, text }));
        const path = join(dir, "p.epub");
        await writeBookEpub(path, chapters, meta());
        const md = formatBookMarkdown(chapters);
        expect(epubAsMarkdown(readEpub(path))).toBe(md);
      }),
      { numRuns: 30 },
    );
  });

  it("a book without chapters is still a valid EPUB", async () => {
    const path = join(dir, "empty.epub");
    await writeBookEpub(path, [], meta());
    const book = readEpub(path);
    expect(book.spine).toEqual(["OEBPS/nav.xhtml"]);
    expect(book.toc).toEqual(["凡人 & <修仙>"]);
  });

  it("streams from an async source and asks for the metadata after the last chapter", async () => {
    const path = join(dir, "late.epub");
    let title = "unknown";
    async function* gen() {
      for (let i = 0; i < 50; i++) yield ch(i, `第${i + 1}章`, "字".repeat(2000));
      title = "found at the end";
    }
    await writeBookEpub(path, gen(), () => ({ ...meta()(), title }));
    const book = readEpub(path);
    expect(book.metadata["dc:title"]).toBe("found at the end");
    expect(book.spine).toHaveLength(50);
  });

  it("refuses chapters out of order and leaves the old file, no temp file, when anything fails", async () => {
    const path = join(dir, "book.epub");
    await writeFile(path, "old");
    await expect(writeBookEpub(path, [ch(1), ch(0)], meta())).rejects.toThrow(CrawlError);
    async function* broken() {
      yield ch(0);
      throw new Error("store closed");
    }
    await expect(writeBookEpub(path, broken(), meta())).rejects.toThrow("store closed");
    expect(await readFile(path, "utf8")).toBe("old");
    expect(await readdir(dir)).toEqual(["book.epub"]);
  });

  it.skipIf(!existsSync(EPUBCHECK))("passes W3C EPUBCheck with no error or warning (when installed)", async () => {
    const path = join(dir, "check.epub");
    await writeBookEpub(path, [ch(0, "第一章 开始", "一\n二\n\n三 & <四>"), ch(1, "", "")], meta());
    const { stdout } = await promisify(execFile)("java", ["-jar", EPUBCHECK, path], { encoding: "utf8" });
    expect(stdout).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
  }, 60_000);
});
