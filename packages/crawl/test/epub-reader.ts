/**
 * Test support: opens an EPUB the way a strict reader would, to check what
 * `output/book-epub.ts` wrote — the ZIP local headers in file order (to see `mimetype`
 * first and stored, sizes present), every text file well-formed under a strict XML parser
 * (sax), the spine's chapters in order, and their text turned back into Markdown.
 */
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import sax from "sax";
import { parseDocument } from "htmlparser2";
import { isTag, isText, type AnyNode, type Element } from "domhandler";

/** One entry as its local header describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** General purpose flags; bit 3 means sizes come after the data (data descriptor). */
  flags: number;
  extraLength: number;
  /** Offset of the local header in the file. */
  offset: number;
  data: Buffer;
}

/** Walk the local headers from the start of the file, as streaming readers do. */
export function readLocalEntries(file: Buffer): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  while (file.readUInt32LE(at) === 0x04034b50) {
    const flags = file.readUInt16LE(at + 6);
    const method = file.readUInt16LE(at + 8);
    const size = file.readUInt32LE(at + 18);
    const nameLength = file.readUInt16LE(at + 26);
    const extraLength = file.readUInt16LE(at + 28);
    if (flags & 8) throw new Error(`entry at ${at} has a data descriptor: its local header has no sizes`);
    const start = at + 30 + nameLength + extraLength;
    const raw = file.subarray(start, start + size);
    entries.push({
      name: file.toString("utf8", at + 30, at + 30 + nameLength),
      method,
      flags,
      extraLength,
      offset: at,
      data: method === 0 ? raw : inflateRawSync(raw),
    });
    at = start + size;
  }
  if (file.readUInt32LE(at) !== 0x02014b50) throw new Error(`expected the central directory at ${at}`);
  return entries;
}

/** Throws with sax's message (line and column) unless `xml` is well-formed. */
export function assertWellFormed(xml: string, name: string): void {
  const parser = sax.parser(true, { xmlns: true });
  parser.onerror = (e) => {
    throw new Error(`${name} is not well-formed XML: ${e.message}`);
  };
  parser.write(xml).close();
}

function xmlDoc(xml: string) {
  return parseDocument(xml, { xmlMode: true });
}

function* elements(node: AnyNode): Generator<Element> {
  if (isTag(node)) yield node;
  if ("children" in node) for (const child of node.children) yield* elements(child);
}

function text(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (isTag(node)) return node.name === "br" ? "\n" : node.children.map(text).join("");
  return "";
}

/** A parsed EPUB. */
export interface EpubBook {
  entries: ZipEntry[];
  /** Path → UTF-8 text of each entry. */
  files: Map<string, string>;
  /** The package document's path and parsed metadata. */
  opfPath: string;
  metadata: Record<string, string>;
  /** Chapter paths in spine order. */
  spine: string[];
  /** Table of contents labels, in order. */
  toc: string[];
}

/** Open `path` and check its structure (throws on any violation). */
export function readEpub(path: string): EpubBook {
  const entries = readLocalEntries(readFileSync(path));
  const files = new Map(entries.map((e) => [e.name, e.data.toString("utf8")]));
  for (const [name, content] of files) if (/\.(xml|opf|xhtml)$/.test(name)) assertWellFormed(content, name);
  const container = xmlDoc(files.get("META-INF/container.xml") ?? "");
  const opfPath = [...elements(container)].find((e) => e.name === "rootfile")!.attribs["full-path"]!;
  const base = opfPath.slice(0, opfPath.lastIndexOf("/") + 1);
  const opf = [...elements(xmlDoc(files.get(opfPath)!))];
  const metadata: Record<string, string> = {};
  for (const e of opf) {
    if (e.name.startsWith("dc:")) metadata[e.name] = text(e);
    if (e.name === "meta" && e.attribs["property"]) metadata[e.attribs["property"]] = text(e);
  }
  const hrefs = new Map(opf.filter((e) => e.name === "item").map((e) => [e.attribs["id"]!, base + e.attribs["href"]!]));
  const spine = opf.filter((e) => e.name === "itemref").map((e) => hrefs.get(e.attribs["idref"]!)!);
  const navItem = opf.find((e) => e.name === "item" && (e.attribs["properties"] ?? "").split(" ").includes("nav"))!;
  const nav = [...elements(xmlDoc(files.get(base + navItem.attribs["href"]!)!))];
  const toc = nav.filter((e) => e.name === "a").map(text);
  return { entries, files, opfPath, metadata, spine, toc };
}

/** The spine's chapters back in the Markdown book's layout (`## title\n\ntext\n\n`). */
export function epubAsMarkdown(book: EpubBook): string {
  return book.spine
    .map((path) => {
      const els = [...elements(xmlDoc(book.files.get(path)!))];
      const title = text(els.find((e) => e.name === "h2")!);
      const paragraphs = els.filter((e) => e.name === "p").map(text);
      return `## ${title}\n\n${paragraphs.join("\n\n")}\n\n`;
    })
    .join("");
}
