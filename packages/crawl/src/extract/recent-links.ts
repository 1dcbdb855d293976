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
 * A bounded set of recently committed link URLs. Two generations of half the capacity
 * each: new and seen-again URLs go to the young one, which becomes the old one when full,
 * and the old one is dropped then. So a URL is kept for at least half the capacity of
 * newer ones, never more than the capacity is held, and a lookup that hits costs one hash
 * lookup — the exact LRU it replaced moved the URL on every hit, 4% of the main thread on
 * the docs site, where every page looks up its 300-link sidebar.
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
  private young = new Map<string, true>();
  private old = new Map<string, true>();
  /** URLs a generation holds before it becomes the old one. */
  private readonly generation: number;

  constructor(readonly capacity = RECENT_LINKS) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`RecentLinks: capacity must be a non-negative integer, got ${capacity}`);
    this.generation = Math.max(1, Math.floor(capacity / 2));
  }

  /** How many URLs it holds now (a URL seen again may count twice); at most `capacity`. */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** Was `url` committed lately? A hit counts as seen again. */
  has(url: string): boolean {
    if (this.young.has(url)) return true;
    if (!this.old.has(url)) return false;
    this.note(url);
    return true;
  }

  /** Note committed links (after their page's commit). */
  addAll(urls: Iterable<string>): void {
    if (this.capacity === 0) return;
    for (const url of urls) this.note(url);
  }

  private note(url: string): void {
    if (this.young.has(url)) return;
    this.young.set(url, true);
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}
