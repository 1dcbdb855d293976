/**
 * The canonical key that de-duplicates URLs (DESIGN §6).
 *
 * The WHATWG parser already lower-cases the host, resolves dot segments, drops the
 * default port and normalises IP literals; on top of it we drop the fragment, sort the
 * query parameters by name (stable, so repeated names keep their order), remove the
 * `--strip-params` ones and upper-case percent-escape hex digits (`%2f` ≡ `%2F`, RFC 3986
 * §6.2.2.1). The trailing slash is kept: `/a` and `/a/` are different resources on many
 * servers. The key is only a key — the crawler fetches the original URL.
 *
 * Query pieces are sorted as raw text rather than through URLSearchParams, because its
 * form-encoding serialiser would rewrite `/`, `:` and `%20` and merge keys that servers
 * may tell apart.
 * @module
 */
import { CrawlError } from "../errors.js";
import { compilePatterns, type Pattern } from "./compile-pattern.js";

/** Options for {@link canonicalize} and {@link createCanonicalizer}. */
export interface CanonicalizeOptions {
  /** `--strip-params`: parameter names to remove from the key (globs or `/regex/`). Default none. */
  stripParams?: readonly string[];
}

/**
 * Parse an absolute http(s) URL (or one relative to `base`), with errors that say what
 * was wrong: `invalid-url` for text the WHATWG parser refuses, `unsupported-scheme` for
 * anything but http and https.
 *
 * @example
 * ```ts
 * parseHttpUrl("../b", "http://x.com/a/c").href; // "http://x.com/b"
 * parseHttpUrl("ftp://x.com/"); // throws CrawlError code "unsupported-scheme"
 * ```
 */
export function parseHttpUrl(input: string | URL, base?: string | URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch (cause) {
    const where = base === undefined ? "" : ` (relative to ${String(base)})`;
    throw new CrawlError("invalid-url", `not a valid URL: ${JSON.stringify(String(input))}${where}`, { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new CrawlError(
      "unsupported-scheme",
      `only http and https URLs can be crawled, got ${JSON.stringify(url.protocol.slice(0, -1))} in ${JSON.stringify(url.href)}`,
    );
  }
  return url;
}

/**
 * Build a canonicalizer once (the strip patterns are compiled once) and apply it to many
 * URLs.
 *
 * @example
 * ```ts
 * const key = createCanonicalizer({ stripParams: ["utm_*"] });
 * key("HTTP://Example.com:80/a/./b?z=1&utm_source=x&a=2#top"); // "http://example.com/a/b?a=2&z=1"
 * ```
 */
export function createCanonicalizer(options: CanonicalizeOptions = {}): (url: string | URL, base?: string | URL) => string {
  const strip = compilePatterns(options.stripParams ?? [], "--strip-params");
  return (input, base) => canonicalKey(base === undefined ? readHttpUrl(input) : parseHttpUrl(input, base), strip);
}

/**
 * {@link parseHttpUrl} without a base, except that an http(s) `URL` object is read as it is
 * rather than copied (a copy is a parse: a page's links were parsed three times over).
 * The caller must not change what it gets.
 *
 * @example
 * ```ts
 * const url = new URL("http://x.com/a");
 * readHttpUrl(url) === url; // true
 * ```
 */
export function readHttpUrl(input: string | URL): URL {
  if (input instanceof URL && (input.protocol === "http:" || input.protocol === "https:")) return input;
  return parseHttpUrl(input);
}

/**
 * The canonical key of one URL. Throws {@link CrawlError} (`invalid-url`,
 * `unsupported-scheme`) for input that is not an http(s) URL.
 *
 * @example
 * ```ts
 * canonicalize("https://EXAMPLE.com:443/x/../y/?b=2&a=1#frag"); // "https://example.com/y/?a=1&b=2"
 * ```
 */
export function canonicalize(url: string | URL, options: CanonicalizeOptions = {}): string {
  return createCanonicalizer(options)(url);
}

function canonicalKey(url: URL, strip: Pattern): string {
  const path = upperCaseEscapes(url.pathname);
  const query = canonicalQuery(url.search, strip);
  // Userinfo is part of the identity of the request, so it stays in the key.
  const auth = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ""}@` : "";
  return `${url.protocol}//${auth}${url.host}${path}${query}`;
}

function canonicalQuery(search: string, strip: Pattern): string {
  if (search.length <= 1) return "";
  const pieces = search
    .slice(1)
    .split("&")
    .filter((piece) => piece !== "")
    .map((piece) => {
      const eq = piece.indexOf("=");
      const rawName = eq === -1 ? piece : piece.slice(0, eq);
      return { name: decodeName(rawName), text: upperCaseEscapes(piece) };
    })
    .filter((p) => !strip.test(p.name));
  if (pieces.length === 0) return "";
  // Array.prototype.sort is stable, so repeated names keep their relative order.
  pieces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return `?${pieces.map((p) => p.text).join("&")}`;
}

function decodeName(raw: string): string {
  const plus = raw.replace(/\+/g, " ");
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus; // a stray "%" is legal in a URL; compare it as written
  }
}

function upperCaseEscapes(s: string): string {
  return s.includes("%") ? s.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase()) : s;
}
