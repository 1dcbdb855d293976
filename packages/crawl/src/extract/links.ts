/**
 * Links of a page as absolute http(s) URLs, resolved the way a browser resolves them:
 * against the document base URL, which is the first `<base href>` (itself resolved
 * against the page URL) or else the page URL. The fragment is dropped — it is never sent
 * to the server — and links to other schemes (`mailto:`, `javascript:`) or that do not
 * parse are left out. Canonicalising for de-duplication is the caller's next step
 * (`url/canonicalize.ts`); the URL returned here is the one to fetch.
 * @module
 */
import type { Element } from "domhandler";
import type { HtmlDocument } from "./html.js";
import { HrefCache } from "./href-cache.js";
import { extractInlineText } from "./text.js";

/** A link found on a page. */
export interface Link {
  /** Absolute http(s) URL without its fragment. */
  url: string;
  /** The link's text on one line (for book mode, the chapter title). */
  text: string;
}

/**
 * The base URL of a document: its first `<base href>` when that resolves, else `pageUrl`.
 *
 * @example
 * ```ts
 * documentBaseUrl(parseHtml('<base href="/b/">'), "http://x.com/a/p.html").href; // "http://x.com/b/"
 * ```
 */
export function documentBaseUrl(doc: HtmlDocument, pageUrl: string | URL): URL {
  return baseUrl(doc.selectOne("base[href]")?.attribs["href"], pageUrl);
}

/**
 * Every element matching `selector` (default `a[href]`) that has an `href` resolving to
 * an http(s) URL, in document order, duplicates kept (see {@link dedupeLinks}).
 *
 * @example
 * ```ts
 * extractLinks(doc, "http://x.com/book/", "dd a"); // [{ url: "http://x.com/book/1.html", text: "第一章" }, …]
 * ```
 */
export function extractLinks(doc: HtmlDocument, pageUrl: string | URL, selector = "a[href]"): Link[] {
  const resolve = resolverFor(documentBaseUrl(doc, pageUrl));
  const links: Link[] = [];
  for (const el of doc.selectAll(selector)) {
    const url = resolve(el.attribs["href"]);
    if (url !== null) links.push({ url, text: extractInlineText(el) });
  }
  return links;
}

/**
 * The http(s) URLs that `hrefs` (as written) point to from a page, against its first
 * `<base href>` when that resolves: {@link extractLinks} without the tree (see stream.ts).
 *
 * @example
 * ```ts
 * resolveHrefs(["/a.html#x", "mailto:x@y.z"], undefined, "http://x.com/b/"); // ["http://x.com/a.html"]
 * ```
 */
export function resolveHrefs(hrefs: readonly string[], baseHref: string | undefined, pageUrl: string | URL): string[] {
  const resolve = resolverFor(baseUrl(baseHref, pageUrl));
  const urls: string[] = [];
  for (const href of hrefs) {
    const url = resolve(href);
    if (url !== null) urls.push(url);
  }
  return urls;
}

/**
 * The links of a scan (stream.ts: `href` as written, text) resolved as {@link extractLinks}
 * resolves the same elements of the tree.
 *
 * @example
 * ```ts
 * resolveLinks([{ href: "1.html", text: "第一章" }, { href: undefined, text: "x" }], undefined, "http://x.com/book/");
 * // [{ url: "http://x.com/book/1.html", text: "第一章" }]
 * ```
 */
export function resolveLinks(found: readonly { href: string | undefined; text: string }[], baseHref: string | undefined, pageUrl: string | URL): Link[] {
  const resolve = resolverFor(baseUrl(baseHref, pageUrl));
  const links: Link[] = [];
  for (const { href, text } of found) {
    const url = resolve(href);
    if (url !== null) links.push({ url, text });
  }
  return links;
}

/** The document base URL from the first `<base href>` as written (see {@link documentBaseUrl}). */
function baseUrl(baseHref: string | undefined, pageUrl: string | URL): URL {
  const page = new URL(pageUrl);
  if (baseHref === undefined) return page;
  try {
    return new URL(baseHref, page);
  } catch {
    return page; // a broken <base> is ignored by browsers too
  }
}

/** Shared by every page of the process: each answer is kept under what it depends on. */
const hrefs = new HrefCache();

/** Resolves a page's hrefs against its base URL (`undefined`, an `<a>` without one: `null`). */
function resolverFor(base: URL): (href: string | undefined) => string | null {
  const resolve = hrefs.resolverFor(base);
  return (href) => (href === undefined ? null : resolve(href));
}

/**
 * Drop repeated links by `key` (e.g. the canonical URL), keeping either the first or the
 * last occurrence at its place. Book mode keeps the last: index pages repeat the latest
 * chapters in a block above the full list, and each chapter belongs at its place in the
 * list.
 *
 * @example
 * ```ts
 * dedupeLinks(links, (l) => canonicalize(l.url), "last");
 * ```
 */
export function dedupeLinks<T>(items: readonly T[], key: (item: T) => string, keep: "first" | "last" = "first"): T[] {
  const seen = new Set<string>();
  const ordered = keep === "first" ? items : [...items].reverse();
  const kept = ordered.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return keep === "first" ? kept : kept.reverse();
}
