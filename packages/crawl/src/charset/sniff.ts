/**
 * Which encoding a fetched HTML body is in, following the HTML Standard's order (DESIGN
 * §6): a byte-order mark, then the Content-Type header's `charset`, then a `<meta>`
 * prescan of the first 1024 bytes, then the `--encoding` default (`utf-8`). A label the
 * Encoding Standard does not know is ignored at that step, as browsers do.
 *
 * The prescan is html-encoding-sniffer's (a faithful port of the spec's byte-level
 * algorithm, with its `utf-16 → utf-8` and `x-user-defined → windows-1252` rules); we call
 * it with a sentinel default so we learn whether `<meta>` decided, for the report.
 * @module
 */
import { createRequire } from "node:module";
import { getBOMEncoding, normalizeEncoding } from "@exodus/bytes/encoding.js";
import { UsageError } from "../errors.js";

// html-encoding-sniffer is CommonJS without types; this is the part of its API we use.
// It returns a canonical encoding name ("UTF-8", "GBK") or `defaultEncoding`.
const htmlEncodingSniffer = createRequire(import.meta.url)("html-encoding-sniffer") as (
  bytes: Uint8Array,
  options?: { xml?: boolean; transportLayerEncodingLabel?: string; defaultEncoding?: string },
) => string;

/** Which step decided the encoding. */
export type CharsetSource = "bom" | "header" | "meta" | "default";

/** The outcome of {@link sniffCharset}: a lower-case WHATWG encoding name and its source. */
export interface SniffedCharset {
  encoding: string;
  source: CharsetSource;
}

/** Options for {@link sniffCharset}. */
export interface SniffOptions {
  /** The response's Content-Type header, if any. */
  contentType?: string | null;
  /** `--encoding`: used when nothing else decides. Default `utf-8`. */
  defaultEncoding?: string;
}

/**
 * The `charset` parameter of a Content-Type value, unquoted, or `null`.
 *
 * @example
 * ```ts
 * charsetFromContentType('text/html; Charset="GBK"'); // "GBK"
 * ```
 */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const value = m ? (m[1] ?? m[2] ?? "").trim() : "";
  return value === "" ? null : value;
}

/**
 * Validate an `--encoding` label and return its WHATWG name (lower case); an unknown
 * label is a {@link UsageError} naming `--encoding`.
 *
 * @example
 * ```ts
 * encodingName("GB2312"); // "gbk"
 * ```
 */
export function encodingName(label: string): string {
  const name = normalizedLabel(label);
  if (name === null || name === "replacement") {
    throw new UsageError(`unknown encoding ${JSON.stringify(label)}; expected a WHATWG label such as utf-8, gbk, big5, shift_jis`, {
      option: "--encoding",
    });
  }
  return name;
}

/** Labels seen lately and their encodings: every page of a site names the same one or two. */
const labels = new Map<string, string | null>();

/** `normalizeEncoding(label)`, remembered (it was 0.5% of a novel crawl's main thread, twice a page). */
function normalizedLabel(label: string): string | null {
  let name = labels.get(label);
  if (name === undefined) {
    name = normalizeEncoding(label);
    if (labels.size >= 64) labels.clear(); // a server inventing labels gets no memory from us
    labels.set(label, name);
  }
  return name;
}

const NO_META = "\u0000no-meta";

/**
 * Decide the encoding of an HTML body.
 *
 * @example
 * ```ts
 * sniffCharset(bytes, { contentType: "text/html; charset=gbk" }); // { encoding: "gbk", source: "header" }
 * sniffCharset(new TextEncoder().encode("<p>hi")); // { encoding: "utf-8", source: "default" }
 * ```
 */
export function sniffCharset(bytes: Uint8Array, options: SniffOptions = {}): SniffedCharset {
  const bom = getBOMEncoding(bytes);
  if (bom !== null) return { encoding: bom, source: "bom" };
  const label = charsetFromContentType(options.contentType);
  const header = label === null ? null : normalizedLabel(label);
  if (header !== null) return { encoding: header, source: "header" };
  const meta = htmlEncodingSniffer(bytes, { defaultEncoding: NO_META });
  if (meta !== NO_META) return { encoding: meta.toLowerCase(), source: "meta" };
  return { encoding: encodingName(options.defaultEncoding ?? "utf-8"), source: "default" };
}
