/**
 * The book in Markdown, as the article wrote it: `## {title}\n\n{text}\n\n` per chapter,
 * chapters in index order (never completion order).
 * @module
 */
import { CrawlError } from "../errors.js";
import { writeChunksAtomic, type AtomicFile } from "./atomic-file.js";

/** One chapter: its position in the index, link text and extracted content. */
export interface Chapter {
  index: number;
  title: string;
  text: string;
}

/**
 * A chapter's title as a heading: on one line (a line break would end a Markdown
 * heading), white space collapsed. The Markdown and EPUB books share it, so they agree.
 *
 * @example
 * ```ts
 * chapterHeading(" 第一章\n 开始 "); // "第一章 开始"
 * ```
 */
export function chapterHeading(title: string): string {
  return title.replace(/\s+/g, " ").trim();
}

/**
 * One chapter in Markdown. A title spanning several lines is put on one, since a line
 * break would end the heading.
 *
 * @example
 * ```ts
 * formatChapter({ index: 0, title: "第一章", text: "正文" }); // "## 第一章\n\n正文\n\n"
 * ```
 */
export function formatChapter(chapter: Chapter): string {
  return `## ${chapterHeading(chapter.title)}\n\n${chapter.text}\n\n`;
}

/**
 * The whole book, chapters sorted by index (the input order does not matter).
 *
 * @example
 * ```ts
 * formatBookMarkdown([{ index: 1, title: "B", text: "b" }, { index: 0, title: "A", text: "a" }]);
 * // "## A\n\na\n\n## B\n\nb\n\n"
 * ```
 */
export function formatBookMarkdown(chapters: readonly Chapter[]): string {
  return [...chapters].sort((a, b) => a.index - b.index).map(formatChapter).join("");
}

/**
 * Stream chapters into `path` atomically. The chapters must arrive in increasing index
 * order (as the state store yields them), so the book never has to fit in memory; a
 * chapter out of order or repeated aborts the write with `out-of-order`, leaving any
 * previous book in place. `into`: a file holding the book's beginning already (see
 * modes/book-prewrite.ts), continued and moved to `path`.
 *
 * @example
 * ```ts
 * await writeBookMarkdown("out/book.md", store.chaptersInIndexOrder());
 * ```
 */
export async function writeBookMarkdown(path: string, chapters: Iterable<Chapter> | AsyncIterable<Chapter>, into?: AtomicFile): Promise<void> {
  await writeChunksAtomic(
    path,
    (async function* () {
      let last = -Infinity;
      for await (const chapter of chapters) {
        if (!(chapter.index > last)) {
          throw new CrawlError("out-of-order", `chapter ${chapter.index} came after chapter ${last}; expected increasing indexes`);
        }
        last = chapter.index;
        yield formatChapter(chapter);
      }
    })(),
    into,
  );
}
