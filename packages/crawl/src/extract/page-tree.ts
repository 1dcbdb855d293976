/**
 * A page's tree is built only if something asks for it (`page.doc`: a page handler, an
 * `--extract` field, a selector the scanner cannot follow). Otherwise the modes read the
 * one-pass scan of `stream.ts` — same answers, no tree.
 * @module
 */
import { parseHtml, type HtmlDocument } from "./html.js";
import { scanHtml, streamableChain, streamableSelector, type PageScan, type ScanRequest } from "./stream.js";

/** The text of pages whose tree nobody has built yet. */
const untouched = new WeakMap<object, string>();

/**
 * Give `page` a `doc` that parses `html` on first access.
 *
 * @example
 * ```ts
 * const page = withLazyTree({ url }, "<title>t</title>");
 * page.doc?.selectOne("title"); // parsed now
 * ```
 */
export function withLazyTree<T extends object>(page: T, html: string | null): T & { readonly doc: HtmlDocument | null } {
  let doc: HtmlDocument | null | undefined;
  if (html !== null) untouched.set(page, html);
  return Object.defineProperty(page, "doc", {
    enumerable: true,
    get() {
      if (doc === undefined) {
        doc = html === null ? null : parseHtml(html);
        untouched.delete(page);
      }
      return doc;
    },
  }) as T & { readonly doc: HtmlDocument | null };
}

/**
 * The one-pass scan of a page whose tree was not built, or `null` (no HTML, a tree exists
 * already — reading it is cheaper then —, or a selector of `want` needs the tree).
 */
export function scanIfNoTree(page: object, want: ScanRequest = {}): PageScan | null {
  const html = untouched.get(page);
  if (html === undefined) return null;
  if (want.content !== undefined && streamableSelector(want.content) === null) return null;
  if (want.links !== undefined && streamableChain(want.links) === null) return null;
  return scanHtml(html, want);
}
