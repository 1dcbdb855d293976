/**
 * Book mode (the article's job): the index page's `--links` (default `dd a`) are the
 * chapters, in index order; a link repeated (the "latest chapters" block above the full
 * list) keeps its last place, i.e. its place in the main list. Each chapter stores its
 * link text as the title and the `--content` (default `#content`) text. The book is
 * assembled from the state in index order, so completion order never shows; its
 * beginning is written while the crawl runs and checked against the state at the end
 * (`book-prewrite.ts`).
 *
 * Formats: `md` (`## title\n\ntext\n\n`, the article's), `txt` (`title\n\ntext\n\n`),
 * `jsonl` (`{ index, title, url, text }` per chapter), `epub` (EPUB 3, one XHTML file per
 * chapter). The index page stores the book's title (its first `<h1>`, else `<title>`) and
 * language (`<html lang>`) for the EPUB's metadata.
 * @module
 */
import { AtomicFile, writeChunksAtomic } from "../output/atomic-file.js";
import { formatChapter, writeBookMarkdown } from "../output/book-markdown.js";
import { bookIdentifier, type EpubMetadata } from "../output/epub-documents.js";
import { toJsonLine } from "../output/jsonl.js";
import { dedupeLinks, extractLinks, resolveLinks, type Link } from "../extract/links.js";
import { extractInlineText, extractText, extractTitle } from "../extract/text.js";
import { checkUrlGuards } from "../url/guards.js";
import { scanIfNoTree } from "../extract/page-tree.js";
import type { CrawlOptions } from "../options.js";
import type { CrawledPage } from "../page.js";
import type { Frontier, NewEntry, StoredResult } from "../frontier/frontier.js";
import { BookPrewriter, rowsAfter, type BookChapter } from "./book-prewrite.js";
import type { Mode } from "./mode.js";

interface StoredChapter {
  title: string;
  text: string;
}

/** What the index page stores: the book's own metadata. */
interface StoredBook {
  book: { title: string | null; language: string | null };
}

// A BCP 47 tag in its common shape; anything else is not trusted as dc:language.
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

function bookInfo(heading: string | null, title: string | null, htmlLang: string | undefined): StoredBook {
  const lang = htmlLang?.trim() ?? "";
  return { book: { title: heading || title || null, language: LANGUAGE_TAG.test(lang) ? lang : null } };
}

/** The index page's links (`--links`) and the book's metadata: from the one-pass scan, else from the tree. */
function readIndex(page: CrawledPage, selector: string): { links: Link[]; info: StoredBook } | null {
  const scan = scanIfNoTree(page, { links: selector, heading: true });
  if (scan !== null) return { links: resolveLinks(scan.links!, scan.baseHref, page.finalUrl), info: bookInfo(scan.heading, scan.title, scan.lang) };
  const doc = page.doc;
  if (doc === null) return null;
  const h1 = doc.selectOne("h1");
  return {
    links: extractLinks(doc, page.finalUrl, selector),
    info: bookInfo(h1 === null ? null : extractInlineText(h1), extractTitle(doc), doc.selectOne("html")?.attribs["lang"]),
  };
}

/** Build book mode for resolved options and a canonicalizer. */
export function bookMode(options: CrawlOptions, canonical: (url: string | URL) => string): Mode {
  const index = options.startUrls[0]!;
  const format = options.format === "epub" ? null : chapterFormat(options.format);
  const prewriter = format === null ? null : new BookPrewriter(options.output, chapterOf, format);
  return {
    seeds: () => [{ url: index, key: canonical(index), host: new URL(index).host, depth: 0 }],
    hopRule: () => null,
    page(entry, page) {
      if (entry.depth === 0) {
        const index = readIndex(page, options.links);
        if (index === null) return { data: null, discovered: [] };
        const links = dedupeLinks(
          index.links.map((l) => {
            const parsed = new URL(l.url); // once: the key, the host and the guards read it
            return { ...l, parsed, key: canonical(parsed) };
          }),
          (l) => l.key,
          "last",
        );
        const discovered: NewEntry[] = links.map((l, ord) => {
          const guard = checkUrlGuards(l.parsed, 1, {});
          return { url: l.url, key: l.key, host: l.parsed.host, depth: 1, ord, label: l.text, ...(guard === "url-too-long" ? { skip: guard } : {}) };
        });
        return { data: JSON.stringify(index.info), discovered };
      }
      // No tree for a chapter unless needed (extract/page-tree.ts), and nothing read past its content.
      const scan = scanIfNoTree(page, { content: options.content, until: "content" });
      const content = scan !== null ? null : (page.doc?.selectOne(options.content) ?? null);
      const text = scan !== null ? (scan.content ?? "") : content === null ? "" : extractText(content);
      const chapter: StoredChapter = { title: entry.label ?? "", text };
      return { data: JSON.stringify(chapter), discovered: [] };
    },
    // Chapters committed by an earlier run are in the state only: nothing to write ahead of.
    begin: (counts) => {
      if (counts.ok > 1 || counts.failed > 0) prewriter?.stop();
    },
    committed: (row) => prewriter?.committed(row),
    discard: async () => prewriter?.discard(),
    async write(frontier: Frontier, path: string) {
      const counted = { n: 0 };
      if (options.format === "epub") {
        const found: StoredBook["book"] = { title: null, language: null };
        const metadata = (): EpubMetadata => ({
          title: found.title ?? new URL(index).host,
          language: found.language ?? "und",
          identifier: bookIdentifier(index),
          modified: new Date(),
          source: index,
        });
        // Loaded only for EPUB: zip.js costs ~12 MB of RSS that an md crawl need not pay.
        const { writeBookEpub } = await import("../output/book-epub.js");
        await writeBookEpub(path, chapters(frontier.results(), found, counted), metadata);
        return counted.n;
      }
      await AtomicFile.removeStale(options.output); // a killed run's book, begun beside the output
      // What was written while the crawl ran, if the state begins with it; the rest from the state.
      const after = await rowsAfter(frontier, (await prewriter?.take()) ?? null);
      counted.n = after?.head.written.length ?? 0;
      const rest = chapters(after?.rest ?? frontier.results(), undefined, counted);
      if (options.format === "md") {
        await writeBookMarkdown(path, rest, after?.head.file);
        return counted.n;
      }
      await writeChunksAtomic(
        path,
        (async function* () {
          for await (const c of rest) yield format!(c); // not EPUB: a format
        })(),
        after?.head.file,
      );
      return counted.n;
    },
  };
}

/** One chapter's row of the state as the book formats take it. */
function chapterOf(r: StoredResult): BookChapter {
  const c = JSON.parse(r.data) as StoredChapter;
  return { index: r.ord!, title: c.title, text: c.text, url: r.url };
}

/** A chapter as its format writes it (md, txt, jsonl; EPUB has its own writer). */
function chapterFormat(format: Exclude<CrawlOptions["format"], "epub">): (c: BookChapter) => string {
  if (format === "md") return formatChapter;
  if (format === "txt") return (c) => `${c.title}\n\n${c.text}\n\n`;
  return (c) => toJsonLine({ index: c.index, title: c.title, url: c.url, text: c.text });
}

/** The chapters of `rows` (index order); the index page's metadata, if stored, lands in `book`. */
async function* chapters(rows: AsyncIterable<StoredResult>, book?: StoredBook["book"], counted?: { n: number }): AsyncIterable<BookChapter> {
  for await (const r of rows) {
    if (r.ord === null) {
      // The index page's row. The EPUB writer asks for its metadata once this generator
      // is exhausted, so `book` is filled whichever order a backend yields rows in.
      if (r.depth === 0 && book !== undefined) Object.assign(book, (JSON.parse(r.data) as Partial<StoredBook>).book);
      continue;
    }
    if (counted) counted.n++;
    yield chapterOf(r);
  }
}
