/**
 * Text into XML (the EPUB's XHTML and package documents): markup characters escaped, and
 * the characters XML 1.0 forbids dropped — a scraped page can carry C0 controls or lone
 * surrogates that HTML tolerates but that make an XHTML file not well-formed, which
 * e-readers refuse outright.
 * @module
 */

// Everything outside XML 1.0's Char production: C0 controls but tab/LF/CR, lone
// surrogates, U+FFFE and U+FFFF.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` without the characters XML 1.0 cannot hold.
 *
 * @example
 * ```ts
 * xmlChars("a\u0000b"); // "ab"
 * ```
 */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

// CR as a reference: a parser turns a literal CR into LF, which would change the text.
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;" };

/**
 * `text` as XML character data or an attribute value (quotes escaped too).
 *
 * @example
 * ```ts
 * escapeXml(`<a href="x">&</a>`); // "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
 * ```
 */
export function escapeXml(text: string): string {
  return xmlChars(text).replace(/[&<>"'\r]/g, (c) => ENTITIES[c]!);
}
