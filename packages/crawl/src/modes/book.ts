/**
 * Book mode (the article's job): the index page's `--links` (default `dd a`) are the
 * chapters, in index order; a link repeated (the "latest chapters" block above the full
 * list) keeps its last place, i.e. its place in the main list. Each chapter stores its
 * link text as the title and the `--content` (default `#content`) text. The book is
 * assembled from the state in index order, so completion order never shows.
 *
 * Formats: `md` (`## title\n\ntext\n\n`, the article's), `txt` (`title\n\ntext\n\n`),
 * `jsonl` (`{ index, title, url, text }` per chapter). EPUB is not built (see README).
 * @module
 */
import { writeChunksAtomic } from "../output/atomic-file.js";
import { writeBookMarkdown, type Chapter } from "../output/book-markdown.js";
import { toJsonLine } from "../output/jsonl.js";
import { dedupeLinks, extractLinks } from "../extract/links.js";
import { extractText } from "../extract/text.js";
import { checkUrlGuards } from "../url/guards.js";
import type { CrawlOptions } from "../options.js";
import type { Frontier, NewEntry } from "../frontier/frontier.js";
import type { Mode } from "./mode.js";

interface StoredChapter {
  title: string;
  text: string;
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
        return { data: null, discovered };
      }
      const content = page.doc?.selectOne(options.content) ?? null;
      const chapter: StoredChapter = { title: entry.label ?? "", text: content === null ? "" : extractText(content) };
      return { data: JSON.stringify(chapter), discovered: [] };
    },
    async write(frontier: Frontier) {
      if (options.format === "md") return writeBookMarkdown(options.output, chapters(frontier));
      await writeChunksAtomic(
        options.output,
        (async function* () {
          for await (const c of chapters(frontier)) {
            yield options.format === "txt" ? `${c.title}\n\n${c.text}\n\n` : toJsonLine({ index: c.index, title: c.title, url: c.url, text: c.text });
          }
        })(),
      );
    },
  };
}

async function* chapters(frontier: Frontier): AsyncIterable<Chapter & { url: string }> {
  for await (const r of frontier.results()) {
    if (r.ord === null) continue;
    const c = JSON.parse(r.data) as StoredChapter;
    yield { index: r.ord, title: c.title, text: c.text, url: r.url };
  }
}
