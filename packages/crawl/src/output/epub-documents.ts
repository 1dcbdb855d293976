/**
 * The text files of an EPUB 3 book, as pure functions: `META-INF/container.xml`, one
 * XHTML content document per chapter, the navigation document and the package document
 * (OPF). `book-epub.ts` puts them in the ZIP container.
 *
 * A chapter's text is kept losslessly: paragraphs (split on a blank line) become `<p>`,
 * single line breaks inside one become `<br/>`, so joining the paragraphs' lines back
 * gives the Markdown book's text exactly (only characters XML cannot hold are dropped).
 * @module
 */
import { createHash } from "node:crypto";
import { escapeXml } from "./xml-text.js";

/** Where the package document lives in the container; the other files sit beside it. */
export const PACKAGE_PATH = "OEBPS/content.opf";

/** The book's metadata. */
export interface EpubMetadata {
  /** `dc:title`. */
  title: string;
  /** `dc:language`, a BCP 47 tag (`und` when unknown). */
  language: string;
  /** `dc:identifier`, unique and stable for the book, e.g. {@link bookIdentifier}. */
  identifier: string;
  /** `dcterms:modified`; also the ZIP entries' time. */
  modified: Date;
  /** `dc:source`: where the book was taken from (the index URL). */
  source?: string;
}

/** A chapter's place in the book, all the package and navigation documents need. */
export interface EpubChapterRef {
  /** Manifest id, an XML name. */
  id: string;
  /** Path relative to the package document. */
  href: string;
  /** Heading, on one line. */
  title: string;
}

/**
 * The reference of the chapter at index position `index`.
 *
 * @example
 * ```ts
 * chapterRef(0, "第一章"); // { id: "ch0", href: "text/ch0.xhtml", title: "第一章" }
 * ```
 */
export function chapterRef(index: number, title: string): EpubChapterRef {
  return { id: `ch${index}`, href: `text/ch${index}.xhtml`, title };
}

/**
 * A stable `urn:uuid:` for a book: the name-based UUID (version 5, URL namespace, RFC
 * 9562) of its index URL, so writing the same book again keeps its identity and readers
 * replace the old copy instead of keeping two.
 *
 * @example
 * ```ts
 * bookIdentifier("http://x.com/book/"); // "urn:uuid:…" (always the same for this URL)
 * ```
 */
export function bookIdentifier(url: string): string {
  const namespace = Buffer.from("6ba7b8119dad11d180b400c04fd430c8", "hex");
  const h = createHash("sha1").update(namespace).update(url, "utf8").digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `META-INF/container.xml`: points reading systems at the package document. */
export function containerXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="${PACKAGE_PATH}" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;
}

function xhtml(language: string | undefined, title: string, body: string): string {
  const lang = language === undefined ? "" : ` xml:lang="${escapeXml(language)}" lang="${escapeXml(language)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"${lang}>
<head>
<meta charset="UTF-8"/>
<title>${escapeXml(title)}</title>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * A chapter's XHTML content document: its title as a heading, then its text. Without
 * `language` the document inherits the package's `dc:language`; `label` is the document
 * title (`<title>`), for when the heading is empty.
 *
 * @example
 * ```ts
 * chapterXhtml("第一章", "一\n二\n\n三"); // …<h2>第一章</h2>\n<p>一<br/>二</p>\n<p>三</p>…
 * ```
 */
export function chapterXhtml(title: string, text: string, language?: string, label: string = title): string {
  const paragraphs = text
    .split("\n\n")
    .map((p) => `<p>${p.split("\n").map(escapeXml).join("<br/>")}</p>`)
    .join("\n");
  return xhtml(language, label, `<section epub:type="chapter">\n<h2>${escapeXml(title)}</h2>\n${paragraphs}\n</section>`);
}

/**
 * The navigation document (`nav.xhtml`): the table of contents, chapters in book order.
 * A book without chapters lists itself, since a `toc` nav needs one entry at least.
 */
export function navXhtml(book: EpubMetadata, chapters: readonly EpubChapterRef[]): string {
  const items = chapters.length > 0 ? chapters : [{ href: "nav.xhtml", title: book.title }];
  const list = items.map((c) => `<li><a href="${escapeXml(c.href)}">${escapeXml(c.title)}</a></li>`).join("\n");
  return xhtml(book.language, book.title, `<nav epub:type="toc" id="toc">\n<h1>${escapeXml(book.title)}</h1>\n<ol>\n${list}\n</ol>\n</nav>`);
}

/** `dcterms:modified` wants whole seconds in UTC: `2026-01-01T00:00:00Z`. */
export function epubDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The package document (OPF, EPUB 3): metadata, manifest and spine (chapters in book
 * order; the navigation document alone when there are none, as the spine may not be empty).
 */
export function packageOpf(book: EpubMetadata, chapters: readonly EpubChapterRef[]): string {
  const manifest = chapters.map((c) => `<item id="${c.id}" href="${escapeXml(c.href)}" media-type="application/xhtml+xml"/>`);
  const spine = chapters.length > 0 ? chapters.map((c) => `<itemref idref="${c.id}"/>`) : ['<itemref idref="nav"/>'];
  const source = book.source === undefined ? "" : `\n    <dc:source>${escapeXml(book.source)}</dc:source>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${escapeXml(book.language)}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">${escapeXml(book.identifier)}</dc:identifier>
    <dc:title>${escapeXml(book.title)}</dc:title>
    <dc:language>${escapeXml(book.language)}</dc:language>${source}
    <meta property="dcterms:modified">${epubDate(book.modified)}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    ${manifest.join("\n    ")}
  </manifest>
  <spine>
    ${spine.join("\n    ")}
  </spine>
</package>
`;
}
