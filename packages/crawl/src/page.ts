/**
 * The page a handler sees: what was fetched, decoded and parsed, once per page.
 * @module
 */
import type { HtmlDocument } from "./extract/html.js";

/** A fetched page, handed to the library API's per-page handler. */
export interface CrawledPage {
  /** The URL that was queued (and first requested). */
  url: string;
  /** The URL after redirects. */
  finalUrl: string;
  status: number;
  contentType: string | null;
  /** Link distance from a start URL (start pages: 0). */
  depth: number;
  /** Body size in bytes after content decoding. */
  bytes: number;
  /** The body after content decoding. */
  body: Uint8Array;
  /** Decoded text when the page is HTML, else `null`. */
  html: string | null;
  /** The parsed tree when the page is HTML, else `null`. */
  doc: HtmlDocument | null;
  /** Encoding the body was decoded with (HTML only). */
  encoding: string | null;
  /** U+FFFD characters in the decoded text that stand for bytes that failed to decode. */
  replacementChars: number;
  /** U+FFFD characters the page's text itself contains (valid text, not damage). */
  literalReplacementChars: number;
  /** ISO time the response arrived. */
  fetchedAt: string;
  /**
   * Extra data for the page's record: site mode merges it into `fields` of the JSONL
   * record. A handler writes here.
   */
  data: Record<string, unknown>;
}
