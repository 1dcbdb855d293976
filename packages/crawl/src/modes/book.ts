/**
 * Book mode (the article's job): the index page's `--links` (default `dd a`) are the
 * chapters, in index order; a link repeated (the "latest chapters" block above the full
 * list) keeps its last place, i.e. its place in the main list. Each chapter stores its
 * link text as the title and the `--content` (default `#content`) text. The book is
 * assembled from the state in index order, so completion order never shows.
 *
 * Formats: `md` (`## title\n\ntext\n\n`, the article's), `txt` (`title\n\ntext\n\n`),
 * `jsonl` (`{ index, title, url, text }` per chapter), `epub` (EPUB 3, one XHTML file per
 * chapter). The index page stores the book's title (its first `<h1>`, else `<title>`) and
 * language (`<html lang>`) for the EPUB's metadata.
 * @module
 */
import { writeChunksAtomic } from "../output/atomic-file.js";
import { writeBookMarkdown, type Chapter } from "../output/book-markdown.js";
import { bookIdentifier, type EpubMetadata } from "../output/epub-documents.js";
import { toJsonLine } from "../output/jsonl.js";
import { dedupeLinks, extractLinks } from "../extract/links.js";
import { extractInlineText, extractText, extractTitle } from "../extract/text.js";
import type { HtmlDocument } from "../extract/html.js";
import { checkUrlGuards } from "../url/guards.js";
import { scanIfNoTree } from "../extract/page-tree.js";
import type { CrawlOptions } from "../options.js";
import type { Frontier, NewEntry } from "../frontier/frontier.js";
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

function bookInfo(doc: HtmlDocument): StoredBook {
  const h1 = doc.selectOne("h1");
  const title = (h1 === null ? "" : extractInlineText(h1)) || extractTitle(doc) || null;
  const lang = doc.selectOne("html")?.attribs["lang"]?.trim() ?? "";
  return { book: { title, language: LANGUAGE_TAG.test(lang) ? lang : null } };
}

/** Build book mode for resolved options and a canonicalizer. */
export function bookMode(options: CrawlOptions, canonical: (url: string) => string): Mode {
  const index = options.startUrls[0]!;
  return {
    seeds: () => [{ url: index, key: canonical(index), host: new URL(index).host, depth: 0 }],
    hopRule: () => null,
    page(entry, page) {
      if (entry.depth === 0) {
        if (page.doc === null) return { data: null, discovered: [] };
        const links = dedupeLinks(
          extractLinks(page.doc, page.finalUrl, options.links).map((l) => ({ ...l, key: canonical(l.url) })),
          (l) => l.key,
          "last",
        );
        const discovered: NewEntry[] = links.map((l, ord) => {
          const url = new URL(l.url);
          const guard = checkUrlGuards(url, 1, {});
          return { url: l.url, key: l.key, host: url.host, depth: 1, ord, label: l.text, ...(guard === "url-too-long" ? { skip: guard } : {}) };
        });
        return { data: JSON.stringify(bookInfo(page.doc)), discovered };
      }
      const scan = scanIfNoTree(page, options.content); // no tree for a chapter unless needed (extract/page-tree.ts)
      const content = scan !== null ? null : (page.doc?.selectOne(options.content) ?? null);
      const text = scan !== null ? (scan.content ?? "") : content === null ? "" : extractText(content);
      const chapter: StoredChapter = { title: entry.label ?? "", text };
      return { data: JSON.stringify(chapter), discovered: [] };
    },
    async write(frontier: Frontier, path: string) {
      const counted = { n: 0 };
      if (options.format === "md") {
        await writeBookMarkdown(path, chapters(frontier, undefined, counted));
        return counted.n;
      }
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
        await writeBookEpub(path, chapters(frontier, found, counted), metadata);
        return counted.n;
      }
      await writeChunksAtomic(
        path,
        (async function* () {
          for await (const c of chapters(frontier, undefined, counted)) {
            yield options.format === "txt" ? `${c.title}\n\n${c.text}\n\n` : toJsonLine({ index: c.index, title: c.title, url: c.url, text: c.text });
          }
        })(),
      );
      return counted.n;
    },
  };
}

/** The chapters in index order; the index page's metadata, if stored, lands in `book`. */
async function* chapters(frontier: Frontier, book?: StoredBook["book"], counted?: { n: number }): AsyncIterable<Chapter & { url: string }> {
  for await (const r of frontier.results()) {
    if (r.ord === null) {
      // The index page's row. The EPUB writer asks for its metadata once this generator
      // is exhausted, so `book` is filled whichever order a backend yields rows in.
      if (r.depth === 0 && book !== undefined) Object.assign(book, (JSON.parse(r.data) as Partial<StoredBook>).book);
      continue;
    }
    const c = JSON.parse(r.data) as StoredChapter;
    if (counted) counted.n++;
    yield { index: r.ord, title: c.title, text: c.text, url: r.url };
  }
}
