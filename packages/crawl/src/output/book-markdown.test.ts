import { beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { formatBookMarkdown, formatChapter, writeBookMarkdown, type Chapter } from "./book-markdown.js";
import { CrawlError } from "../errors.js";
import { useTempDir } from "../../test/support/temp-dir.js";

const tempDir = useTempDir("corio-book-");

const ch = (index: number, title = `第${index + 1}章`, text = `正文${index}`): Chapter => ({ index, title, text });

describe("formatChapter", () => {
  it("uses the article's layout", () => {
    expect(formatChapter(ch(0, "第一章 开始", "一\n\n二"))).toBe("## 第一章 开始\n\n一\n\n二\n\n");
  });

  it("keeps a heading on one line", () => {
    expect(formatChapter(ch(0, " 第一章\n 开始 ", "x"))).toBe("## 第一章 开始\n\nx\n\n");
  });
});

describe("formatBookMarkdown", () => {
  it("orders chapters by index, whatever the completion order", () => {
    expect(formatBookMarkdown([ch(2), ch(0), ch(1)])).toBe(formatChapter(ch(0)) + formatChapter(ch(1)) + formatChapter(ch(2)));
    expect(formatBookMarkdown([])).toBe("");
  });

  it("is independent of input order (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(1000), { maxLength: 30 }), fc.integer(), (indexes, seed) => {
        const chapters = indexes.map((i) => ch(i));
        const shuffled = [...chapters].sort((a, b) => ((a.index * 7919 + seed) % 101) - ((b.index * 7919 + seed) % 101));
        expect(formatBookMarkdown(shuffled)).toBe(formatBookMarkdown(chapters));
      }),
    );
  });
});

describe("writeBookMarkdown", () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir(); // removed after each test
  });

  it("streams chapters from a sync or async iterable", async () => {
    const path = join(dir, "book.md");
    const chapters = Array.from({ length: 300 }, (_, i) => ch(i, `第${i + 1}章`, "字".repeat(500)));
    async function* gen() {
      yield* chapters;
    }
    await writeBookMarkdown(path, gen());
    expect(await readFile(path, "utf8")).toBe(formatBookMarkdown(chapters));
    await writeBookMarkdown(path, chapters.slice(0, 2));
    expect(await readFile(path, "utf8")).toBe(formatBookMarkdown(chapters.slice(0, 2)));
  });

  it("refuses chapters out of order or repeated, keeping the old book", async () => {
    const path = join(dir, "book.md");
    await writeFile(path, "old book");
    await expect(writeBookMarkdown(path, [ch(0), ch(2), ch(1)])).rejects.toThrow(CrawlError);
    await expect(writeBookMarkdown(path, [ch(0), ch(0)])).rejects.toMatchObject({ code: "out-of-order" });
    expect(await readFile(path, "utf8")).toBe("old book");
    expect(await readdir(dir)).toEqual(["book.md"]);
  });

  it("leaves no file when the source fails", async () => {
    const path = join(dir, "book.md");
    async function* broken() {
      yield ch(0);
      throw new Error("store closed");
    }
    await expect(writeBookMarkdown(path, broken())).rejects.toThrow("store closed");
    expect(await readdir(dir)).toEqual([]);
  });
});
