import { join } from "node:path";
import { expect, it } from "vitest";
import { run } from "corio";
import { captureLog } from "./support.js";
import { generateNovel, expectedBook } from "../../packages/crawl/test/fixture-site/index.js";
import * as first from "./4.1-first-fetch.js";
import * as list from "./4.2.1-list-page.js";
import * as detail from "./4.2.2-detail-page.js";
import * as novel from "./4.3.1-novel-download.js";
import * as crawlBook from "./4.3.1-crawl-book.js";
import { makeTempDir } from "../../packages/crawl/test/support/temp-dir.js";

const runReal = <T>(main: () => Generator<unknown, T, unknown>) => captureLog(() => run(main, { handleSignals: false }));

it("4.1 fetches a page: prints its length, and a non-200 goes to error_urls", async () => {
  const { lines, error } = await runReal(first.main);
  expect(error).toBeUndefined();
  expect(Number(lines[0])).toBeGreaterThan(10_000);
  expect(lines[1]).toBe("error_urls: /status/404");
});

it("4.2.1 lists dd a as title:href, the latest block first", async () => {
  const { result } = await runReal(list.main);
  const chapters = generateNovel({ chapters: 12 }).chapters;
  expect(result).toHaveLength(18);
  expect(result![0]).toBe(`${chapters[11]!.title}:/book/1012.html`);
  expect(result![6]).toBe(`${chapters[0]!.title}:1001.html`);
});

it("4.2.2 prints the #content text of a chapter", async () => {
  const { result } = await runReal(detail.main);
  expect(result).toBe(generateNovel({ chapters: 3 }).chapters[0]!.paragraphs.join("\n\n"));
});

it("4.3.1 the article's loop: sequential despite Semaphore(3), latest chapters saved twice", async () => {
  const { lines } = await runReal(novel.main);
  const chapters = generateNovel({ chapters: 8 }).chapters;
  expect(novel.peak).toBe(1);
  expect(lines).toHaveLength(8 + 6 + 1);
  expect(lines.at(-1)).toBe("task over");
  expect(novel.book.slice(6).join("")).toBe(expectedBook({ ...generateNovel({ chapters: 8 }), chapters }));
});

it("4.3.1 the one-line corio crawl book gives the exact book", async () => {
  const { code, book, expected } = await crawlBook.main(join(makeTempDir("corio-4.3.1-"), "book.md"));
  expect(code).toBe(0);
  expect(book).toBe(expected);
});
