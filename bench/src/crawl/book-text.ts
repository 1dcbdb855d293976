/**
 * The one piece of HTML handling the plain script and Crawlee share: the article's way of
 * reading a chapter — the text nodes directly inside `#content`, each trimmed of white
 * space and `&nbsp;` indentation, empty ones dropped, joined by a blank line — and the
 * index's `dd a` list with the "latest chapters" duplicates kept at their last place.
 */

/** A domhandler-like node (cheerio 1.0.0-rc.12 and 1.x both hand these out). */
interface Node {
  type: string;
  data?: string;
}

const EDGE = /^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g;

/** Paragraphs of `#content`: its own text children, trimmed, non-empty, joined by "\n\n". */
export function contentText(children: readonly Node[]): string {
  const out: string[] = [];
  for (const n of children) {
    if (n.type !== "text" || n.data === undefined) continue;
    const t = n.data.replace(EDGE, "");
    if (t !== "") out.push(t);
  }
  return out.join("\n\n");
}

export interface Link {
  url: string;
  title: string;
}

/** Resolve, then keep each URL once, at its last place (the main list, not the "latest" block). */
export function orderedChapters(links: readonly { href: string; title: string }[], base: string): Link[] {
  const resolved = links.map((l) => ({ url: new URL(l.href, base).href, title: l.title.trim() }));
  const last = new Map<string, number>();
  resolved.forEach((l, i) => last.set(l.url, i));
  return resolved.filter((l, i) => last.get(l.url) === i);
}

/** The book: `## {title}\n\n{text}\n\n` per chapter, in index order. */
export function bookMarkdown(chapters: readonly Link[], texts: readonly (string | undefined)[]): string {
  let out = "";
  for (let i = 0; i < chapters.length; i++) out += `## ${chapters[i]!.title}\n\n${texts[i] ?? ""}\n\n`;
  return out;
}
