/**
 * Bytes to text with a WHATWG-exact decoder, counting U+FFFD replacement characters.
 *
 * We use @exodus/bytes's TextDecoder rather than Node 20's built-in one, whose ICU gbk
 * decoder maps 0xFF to the private-use U+F8F5 instead of U+FFFD (WHATWG: 0x80 → €, 0xFF → U+FFFD) and
 * which lacks some legacy encodings in small-ICU builds. gbk and gb2312 (a gbk label)
 * decode as gb18030, a superset the Encoding Standard defines the gbk decoder to be.
 * Decoding is never fatal: a page with bad bytes still yields text, and the count tells
 * the report which pages lost characters.
 * @module
 */
import { TextDecoder as WhatwgTextDecoder } from "@exodus/bytes/encoding.js";
import { encodingName, sniffCharset, type CharsetSource, type SniffOptions } from "./sniff.js";

/** Decoded text and how many U+FFFD it holds. */
export interface DecodedText {
  text: string;
  /** Count of U+FFFD in `text` (malformed input, or U+FFFD present in the source). */
  replacementChars: number;
}

/** {@link DecodedText} plus what {@link decodeHtml} sniffed. */
export interface DecodedHtml extends DecodedText {
  encoding: string;
  source: CharsetSource;
}

const decoders = new Map<string, InstanceType<typeof WhatwgTextDecoder>>();

function decoderFor(name: string): InstanceType<typeof WhatwgTextDecoder> {
  let d = decoders.get(name);
  if (d === undefined) {
    d = new WhatwgTextDecoder(name === "gbk" ? "gb18030" : name);
    decoders.set(name, d);
  }
  return d;
}

/**
 * Decode bytes in the given encoding (any WHATWG label). A leading BOM of that same
 * encoding is skipped; an unknown label throws a {@link UsageError} naming `--encoding`.
 *
 * @example
 * ```ts
 * decodeBytes(Uint8Array.of(0xc4, 0xe3, 0x80, 0xff), "gbk"); // { text: "你€\uFFFD", replacementChars: 1 }
 * ```
 */
export function decodeBytes(bytes: Uint8Array, encoding: string): DecodedText {
  const name = encodingName(encoding === "replacement" ? "utf-8" : encoding);
  // The "replacement" encoding (iso-2022-kr and friends) decodes any input to one U+FFFD:
  // those labels are refused because they were used for attacks, not read.
  const text = encoding === "replacement" ? (bytes.length > 0 ? "\uFFFD" : "") : decoderFor(name).decode(bytes);
  return { text, replacementChars: countReplacementChars(text) };
}

/**
 * Count U+FFFD in a string.
 *
 * @example
 * ```ts
 * countReplacementChars("a\uFFFDb\uFFFD"); // 2
 * ```
 */
export function countReplacementChars(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\uFFFD"); i !== -1; i = text.indexOf("\uFFFD", i + 1)) count++;
  return count;
}

/**
 * Sniff the encoding of an HTML body ({@link sniffCharset}) and decode it.
 *
 * @example
 * ```ts
 * const page = decodeHtml(body, { contentType: res.headers["content-type"], defaultEncoding: "utf-8" });
 * if (page.replacementChars > 0) report(url, page.encoding);
 * ```
 */
export function decodeHtml(bytes: Uint8Array, options: SniffOptions = {}): DecodedHtml {
  const sniffed = sniffCharset(bytes, options);
  return { ...decodeBytes(bytes, sniffed.encoding), ...sniffed };
}
