/**
 * Which discovered URLs a site crawl follows: a scope relative to the start URLs
 * (DESIGN §6), then `--include`/`--exclude` patterns matched against the full URL.
 *
 * - `same-host`: the URL's host (name and port) equals a start URL's host.
 * - `same-domain`: the registrable domains match (`a.news.example.co.uk` ~
 *   `example.co.uk`); IP literals must be equal.
 * - `prefix`: same scheme and host, and the path starts with the start URL's directory
 *   (its path up to the last `/`, as wget's `--no-parent` does), query ignored.
 *
 * An exclude match always wins; when includes are given, a URL must match one of them.
 *
 * Limitation: the registrable domain comes from a short built-in list of two-label
 * public suffixes ({@link TWO_LABEL_SUFFIXES}) instead of the full Public Suffix List, so
 * on hosts under an unlisted multi-label suffix (e.g. `*.github.io`, `*.s3.amazonaws.com`)
 * `same-domain` is broader than a browser's site boundary.
 * @module
 */
import { isIP } from "node:net";
import { compilePatterns } from "./compile-pattern.js";
import { parseHttpUrl, readHttpUrl } from "./canonicalize.js";

/** `--scope` values. */
export type ScopeMode = "same-host" | "same-domain" | "prefix";

/** Options for {@link createScope}. */
export interface ScopeOptions {
  /** How far from the start URLs the crawl may go. */
  mode: ScopeMode;
  /** The start URLs (absolute http(s)); at least one. */
  startUrls: readonly (string | URL)[];
  /** `--include`: when non-empty, a URL must match one of these globs or `/regex/`. */
  include?: readonly string[];
  /** `--exclude`: a URL matching any of these is out of scope. */
  exclude?: readonly string[];
}

/**
 * Second-level labels under which registrations happen one level deeper, e.g.
 * `example.co.uk`, `example.com.cn`. Deliberately short; see the module note.
 */
export const TWO_LABEL_SUFFIXES: ReadonlySet<string> = new Set([
  "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "net.uk", "ltd.uk", "plc.uk",
  "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn",
  "com.hk", "org.hk", "net.hk", "edu.hk", "gov.hk",
  "com.tw", "org.tw", "net.tw", "edu.tw", "gov.tw",
  "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp",
  "co.kr", "or.kr", "ac.kr", "go.kr",
  "com.au", "net.au", "org.au", "edu.au", "gov.au",
  "co.nz", "org.nz", "net.nz", "com.sg", "com.my", "co.in", "net.in", "org.in",
  "com.br", "net.br", "org.br", "com.mx", "com.ar", "co.za", "com.tr", "com.ru",
]);

/**
 * The registrable domain of a host name: its last two labels, or three when the last two
 * are a listed two-label public suffix. IP literals and single-label names are returned
 * as they are.
 *
 * @example
 * ```ts
 * registrableDomain("www.news.example.co.uk"); // "example.co.uk"
 * registrableDomain("m.book.example.com"); // "example.com"
 * ```
 */
export function registrableDomain(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[") || isIP(host) !== 0) return host;
  const labels = host.split(".");
  if (labels.length <= 2) return host;
  const lastTwo = labels.slice(-2).join(".");
  return labels.slice(TWO_LABEL_SUFFIXES.has(lastTwo) ? -3 : -2).join(".");
}

/**
 * Build the scope predicate once; call it for every discovered URL. Throws for a
 * malformed start URL or pattern.
 *
 * @example
 * ```ts
 * const inScope = createScope({ mode: "prefix", startUrls: ["https://x.com/book/1/index.html"] });
 * inScope("https://x.com/book/1/ch2.html"); // true
 * inScope("https://x.com/book/2/"); // false
 * ```
 */
export function createScope(options: ScopeOptions): (url: string | URL) => boolean {
  if (options.startUrls.length === 0) throw new RangeError("createScope needs at least one start URL");
  const starts = options.startUrls.map((u) => parseHttpUrl(u));
  const include = compilePatterns(options.include ?? [], "--include");
  const exclude = compilePatterns(options.exclude ?? [], "--exclude");
  const hasInclude = (options.include ?? []).length > 0;
  const within = scopeRule(options.mode, starts);
  return (input) => {
    let url: URL;
    try {
      url = readHttpUrl(input);
    } catch {
      return false;
    }
    if (!within(url)) return false;
    if (exclude.test(url.href)) return false;
    return !hasInclude || include.test(url.href);
  };
}

function scopeRule(mode: ScopeMode, starts: URL[]): (url: URL) => boolean {
  switch (mode) {
    case "same-host": {
      const hosts = new Set(starts.map((s) => s.host));
      return (url) => hosts.has(url.host);
    }
    case "same-domain": {
      const domains = new Set(starts.map((s) => registrableDomain(s.hostname)));
      return (url) => domains.has(registrableDomain(url.hostname));
    }
    case "prefix": {
      const prefixes = starts.map((s) => ({
        origin: s.origin,
        dir: s.pathname.slice(0, s.pathname.lastIndexOf("/") + 1),
      }));
      return (url) => prefixes.some((p) => p.origin === url.origin && url.pathname.startsWith(p.dir));
    }
    default: {
      const never: never = mode;
      throw new RangeError(`unknown scope ${String(never)}: expected same-host, same-domain or prefix`);
    }
  }
}
