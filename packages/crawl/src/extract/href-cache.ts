/**
 * Hrefs resolved lately, so a site's sidebar is not parsed again on every page. A docs
 * site repeats 200–600 links on each page, and resolving them (`new URL`, then dropping the
 * fragment) was 28% of the crawler's main thread on the generated docs site (6,000 pages).
 *
 * The key says what the answer depends on: an `http(s)://` href only on itself; one
 * starting with `/` on the base's scheme, host and port (and userinfo, if any); anything
 * else on the whole base URL. Bounded (least recently used goes first); a miss is simply
 * resolved again. Its keys are copies: a slice of a page would keep the whole page.
 * @module
 */

/** Default capacity: a few sidebars' worth. */
export const HREF_CACHE_SIZE = 4_096;

/**
 * A bounded map from (base, href) to the resolved URL (`null`: not an http(s) link).
 *
 * @example
 * ```ts
 * const cache = new HrefCache(2);
 * const base = new URL("http://x.com/docs/a.html");
 * cache.resolve("/b.html#top", base); // "http://x.com/b.html" (parsed)
 * cache.resolve("/b.html#top", new URL("http://x.com/other/c.html")); // same origin: from the cache
 * ```
 */
export class HrefCache {
  // Map keeps insertion order: the first key is the least recently used.
  private readonly resolved = new Map<string, string | null>();

  constructor(private readonly capacity = HREF_CACHE_SIZE) {}

  /** `href` resolved against `base`, without its fragment; `null` unless http(s). */
  resolve(href: string, base: URL): string | null {
    const key = keyOf(href, base);
    const hit = this.resolved.get(key);
    if (hit !== undefined) {
      this.resolved.delete(key);
      this.resolved.set(key, hit);
      return hit;
    }
    const url = parse(href, base);
    this.resolved.set(detached(key), url);
    if (this.resolved.size > this.capacity) this.resolved.delete(this.resolved.keys().next().value!);
    return url;
  }
}

/**
 * A copy of `text` that shares no memory with the page it came from. An href is a slice of
 * the page's whole decoded HTML, and V8 keeps the whole page alive for any slice of it —
 * or any string joined from one — that is kept: 4,096 cached keys held that many pages
 * (+20 MB peak RSS on the docs site, and a 2–8 MB page each in the worst case).
 */
function detached(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

function keyOf(href: string, base: URL): string {
  if (/^https?:\/\//i.test(href)) return href;
  if (href.startsWith("/") && base.username === "" && base.password === "") return `${base.origin}\u0000${href}`;
  return `${base.href}\u0000${href}`;
}

function parse(href: string, base: URL): string | null {
  // The fragment is everything after the first "#": cut it before parsing rather than
  // through the `hash` setter, which re-serialises the whole URL. Not when a space or
  // control character precedes it — cut there, it would be trailing, and trimmed.
  const cut = href.indexOf("#");
  const early = cut !== -1 && (cut === 0 || href.charCodeAt(cut - 1) > 0x20);
  let url: URL;
  try {
    url = new URL(early ? href.slice(0, cut) : href, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!early && cut !== -1) url.hash = "";
  // No fragment can come from the base: a relative reference never inherits one.
  return url.href;
}
