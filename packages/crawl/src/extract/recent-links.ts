/**
 * Links committed lately, so the next pages skip them before any work. A docs site repeats
 * its sidebar — 200 to 600 links — on every page: each was resolved, canonicalized,
 * scope-checked and offered to the frontier (an INSERT that the seen set then ignored),
 * 20,000 times over. A link in here was committed to the frontier already, so skipping it
 * changes nothing the frontier would have done with it.
 *
 * Bounded (least recently seen goes first), so memory does not grow with the crawl; a
 * link that fell out is simply checked again. Only committed links go in: a page whose
 * commit failed must not hide its links from the pages after it.
 * @module
 */

/** Default capacity: a few sidebars' worth, ~2 MB of URLs. */
export const RECENT_LINKS = 16_384;

/**
 * A bounded set of recently committed link URLs.
 *
 * @example
 * ```ts
 * const recent = new RecentLinks(2);
 * recent.addAll(["http://x.com/a", "http://x.com/b", "http://x.com/c"]);
 * recent.has("http://x.com/a"); // false: it fell out
 * recent.has("http://x.com/c"); // true
 * ```
 */
export class RecentLinks {
  // Map keeps insertion order: the first key is the least recently seen.
  private readonly urls = new Map<string, true>();

  constructor(readonly capacity = RECENT_LINKS) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`RecentLinks: capacity must be a non-negative integer, got ${capacity}`);
  }

  /** How many URLs it holds now. */
  get size(): number {
    return this.urls.size;
  }

  /** Was `url` committed lately? A hit counts as seen again. */
  has(url: string): boolean {
    if (!this.urls.has(url)) return false;
    this.urls.delete(url);
    this.urls.set(url, true);
    return true;
  }

  /** Note committed links (after their page's commit). */
  addAll(urls: Iterable<string>): void {
    if (this.capacity === 0) return;
    for (const url of urls) {
      this.urls.delete(url);
      this.urls.set(url, true);
      if (this.urls.size > this.capacity) this.urls.delete(this.urls.keys().next().value!);
    }
  }
}
