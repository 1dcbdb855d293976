/**
 * The book as EPUB 3. The ZIP container is written with zip.js, one entry at a time
 * straight into an {@link AtomicFile}, so memory holds one chapter (plus the list of
 * titles the table of contents needs), never the book.
 *
 * Container rules (EPUB OCF 3.3): `mimetype` is the first entry, stored uncompressed, with
 * no extra field — readers and `file` recognise an EPUB by the bytes at offset 30. Every
 * entry has its sizes in its local header (no data descriptor), since some readers
 * (crengine/KOReader) read local headers and choke on zero sizes; zip.js buffers each
 * entry to know them, which is one chapter at a time here. (fflate's streaming zip always
 * writes data descriptors; yazl has no per-entry backpressure; EPUB generators on npm
 * pull in template engines and HTTP clients.)
 * @module
 */
import { TextReader, ZipWriter } from "@zip.js/zip.js";
import { CrawlError } from "../errors.js";
import { AtomicFile } from "./atomic-file.js";
import { chapterHeading, type Chapter } from "./book-markdown.js";
import { chapterRef, chapterXhtml, containerXml, navXhtml, packageOpf, PACKAGE_PATH, type EpubChapterRef, type EpubMetadata } from "./epub-documents.js";

const BASE = PACKAGE_PATH.slice(0, PACKAGE_PATH.lastIndexOf("/") + 1);

/**
 * Stream chapters into an EPUB at `path`, atomically. Chapters must arrive in increasing
 * index order (as the state store yields them); one out of order or repeated aborts with
 * `out-of-order`, leaving any previous file in place. `metadata` is called after the last
 * chapter (the package document is the last entry), so it may report what was found
 * while the chapters were read, such as the book's title.
 *
 * @example
 * ```ts
 * await writeBookEpub("out/book.epub", store.chaptersInIndexOrder(), () => ({
 *   title: "凡人修仙传", language: "zh", identifier: bookIdentifier(indexUrl), modified: new Date(),
 * }));
 * ```
 */
export async function writeBookEpub(path: string, chapters: Iterable<Chapter> | AsyncIterable<Chapter>, metadata: () => EpubMetadata): Promise<void> {
  const file = await AtomicFile.open(path);
  // zip.js awaits each write, so the archive moves to disk at the pace the disk takes it.
  const sink = new WritableStream<Uint8Array>({ write: (chunk) => file.write(chunk) });
  const zip = new ZipWriter(sink, { useWebWorkers: false, dataDescriptor: false, extendedTimestamp: false, bufferedWrite: true });
  const started = new Date();
  const add = (name: string, text: string, level = 9, lastModDate = started) => zip.add(name, new TextReader(text), { level, lastModDate });
  try {
    await add("mimetype", "application/epub+zip", 0);
    await add("META-INF/container.xml", containerXml());
    const refs: EpubChapterRef[] = [];
    let last = -Infinity;
    for await (const chapter of chapters) {
      if (!(chapter.index > last)) {
        throw new CrawlError("out-of-order", `chapter ${chapter.index} came after chapter ${last}; expected increasing indexes`);
      }
      last = chapter.index;
      const title = chapterHeading(chapter.title);
      // The table of contents and <title> need a visible label; the heading stays as is.
      const ref = chapterRef(chapter.index, title === "" ? String(chapter.index + 1) : title);
      refs.push(ref);
      await add(BASE + ref.href, chapterXhtml(title, chapter.text, undefined, ref.title));
    }
    const book = metadata();
    await add(`${BASE}nav.xhtml`, navXhtml(book, refs), 9, book.modified);
    await add(PACKAGE_PATH, packageOpf(book, refs), 9, book.modified);
    await zip.close();
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
}
