import fc from "fast-check";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { HrefCache } from "./href-cache.js";

/** What the crawler did before the cache: parse, then drop the fragment. */
function reference(href: string, base: URL): string | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  return url.href;
}

const BASES = [
  "http://a.test/docs/p1.html",
  "http://a.test/docs/p3.html?y=2",
  "http://a.test/docs/",
  "http://a.test/docs/sub/p2.html?x=1#top",
  "https://a.test/docs/p1.html",
  "http://a.test:8080/docs/",
  "http://u:pw@a.test/docs/p1.html",
  "http://b.test/",
  "https://b.test/deep/er/",
].map((b) => new URL(b));

const piece = fc.constantFrom("", "/", "//", "\\", "a", "p1.html", "..", ".", "?", "?q=1", "#", "#f", "%41", " ", "\t", "\n", "http:", "https://", "HTTP:", "b.test", ":8080", "mailto:x", "javascript:", "@", "u:pw@", "章", "~", "%2e%2e", "\u0000");
const href = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(""));

describe("HrefCache", () => {
  it("resolves as new URL + dropping the fragment does, whatever was cached before", () => {
    fc.assert(
      // A few hrefs, each resolved against several bases in turn: hits are the point.
      fc.property(fc.array(href, { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(fc.nat(4), fc.nat(BASES.length - 1)), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 8 }), (pool, calls, capacity) => {
        const cache = new HrefCache(capacity);
        for (const [i, b] of calls) {
          const h = pool[i % pool.length]!;
          expect(cache.resolve(h, BASES[b]!), `${JSON.stringify(h)} against ${BASES[b]!.href}`).toBe(reference(h, BASES[b]!));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("answers a sidebar link of another page of the site from the cache, relative ones of its directory too", () => {
    const cache = new HrefCache();
    expect(cache.resolve("/docs/p9.html#x", new URL("http://a.test/docs/p1.html"))).toBe("http://a.test/docs/p9.html");
    expect(cache.resolve("../api/x.html", new URL("http://a.test/docs/p1.html"))).toBe("http://a.test/api/x.html");
    const parse = globalThis.URL;
    let parsed = 0;
    globalThis.URL = class extends parse {
      constructor(...args: ConstructorParameters<typeof URL>) {
        super(...args);
        parsed++;
      }
    } as typeof URL;
    try {
      const other = cache.resolverFor(new parse("http://a.test/docs/p2.html?v=2"));
      expect(other("/docs/p9.html#x")).toBe("http://a.test/docs/p9.html");
      expect(other("../api/x.html")).toBe("http://a.test/api/x.html");
    } finally {
      globalThis.URL = parse;
    }
    expect(parsed).toBe(0);
  });

  it("keeps no page alive: its keys are copies, not slices of the page's text", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const cache = new HrefCache(100);
    const base = new URL("http://a.test/docs/p1.html");
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 50; i++) {
      const page = `${"<p>text</p>".repeat(100_000)}<a href="/docs/p${i}.html">${i}</a>`; // ~1 MB each
      const at = page.lastIndexOf("/docs/");
      cache.resolve(page.slice(at, page.indexOf('"', at)), base);
    }
    gc();
    // 50 pages of 1 MB: a cache holding slices would keep all of them.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 1024 * 1024);
  });
});
