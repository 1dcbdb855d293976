import { describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { expectedBook, generateNovel } from "./novel.js";
import { decodeBytes } from "../../src/charset/decode.js";

describe("generateNovel", () => {
  it("has 300 chapters by default with stable paths and numbered titles", () => {
    const novel = generateNovel();
    expect(novel.chapters).toHaveLength(300);
    expect(novel.chapters[0]!.path).toBe("/book/1001.html");
    expect(novel.chapters[299]!.path).toBe("/book/1300.html");
    novel.chapters.forEach((c, i) => expect(c.title.startsWith(`第${i + 1}章 `)).toBe(true));
    expect(novel.latestCount).toBe(6);
  });

  it("is deterministic per seed", () => {
    expect(generateNovel({ chapters: 20, seed: 7 })).toEqual(generateNovel({ chapters: 20, seed: 7 }));
    expect(generateNovel({ chapters: 20, seed: 7 })).not.toEqual(generateNovel({ chapters: 20, seed: 8 }));
  });

  it("shrinks the latest block for short novels", () => {
    expect(generateNovel({ chapters: 2 }).latestCount).toBe(2);
    expect(generateNovel({ chapters: 0 }).chapters).toEqual([]);
  });

  it("contains the characters that test a decoder, all of which survive GBK", () => {
    const text = generateNovel().chapters.flatMap((c) => [c.title, ...c.paragraphs]).join("\n");
    for (const ch of ["€", "喆", "<", "&"]) expect(text).toContain(ch);
    expect(decodeBytes(iconv.encode(text, "gbk"), "gbk")).toEqual({ text, replacementChars: 0, literalReplacementChars: 0 });
  });

  it("never produces paragraphs that text extraction would reshape", () => {
    for (const c of generateNovel().chapters) {
      for (const p of c.paragraphs) {
        expect(p).toBe(p.trim());
        expect(p).not.toMatch(/\s{2}|\n/);
      }
    }
  });
});

describe("expectedBook", () => {
  it("lays chapters out as the article does", () => {
    const novel = generateNovel({ chapters: 2 });
    const [a, b] = novel.chapters;
    expect(expectedBook(novel)).toBe(
      `## ${a!.title}\n\n${a!.paragraphs.join("\n\n")}\n\n## ${b!.title}\n\n${b!.paragraphs.join("\n\n")}\n\n`,
    );
  });
});
