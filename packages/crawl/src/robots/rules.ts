/**
 * robots.txt rules for one origin (RFC 9309), over robots-parser v3 for the matching.
 * What is ours: the 500 KiB parse cap, the product token taken from `--user-agent`
 * (text before the first `/`, DESIGN §6), `/robots.txt` itself always allowed, and the
 * mapping from the robots.txt fetch status to a policy. Fetching and caching live with
 * the engine (`robots.ts`, `robots-cache.ts`).
 * @module
 */
import { createRequire } from "node:module";
import { CrawlError } from "../errors.js";

// robots-parser is CommonJS (`module.exports = function`); its bundled types declare an
// ES default export, which NodeNext resolution would make us call as `.default(...)`.
const robotsParser = createRequire(import.meta.url)("robots-parser") as (typeof import("robots-parser"))["default"];

/** RFC 9309 §2.5: crawlers must parse at least 500 KiB; we parse exactly that much. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

/** Parsed rules, bound to one origin and one user agent. */
export interface RobotsRules {
  /** The product token the groups are matched against (lower case). */
  readonly productToken: string;
  /** Whether `url` (on this origin) may be fetched. Throws for another origin. */
  isAllowed(url: string | URL): boolean;
  /** `Crawl-delay` for our group in milliseconds, or `undefined` when none is given. */
  crawlDelayMs(): number | undefined;
  /** `Sitemap:` URLs, as written. */
  sitemaps(): string[];
}

/** How a robots.txt response status is treated (DESIGN §6). */
export type RobotsPolicy = "rules" | "allow-all" | "unavailable";

/**
 * The product token of a user agent: what precedes the first `/`, trimmed.
 *
 * @example
 * ```ts
 * productToken("corio/0.1 (+https://example.com/bot)"); // "corio"
 * ```
 */
export function productToken(userAgent: string): string {
  const slash = userAgent.indexOf("/");
  return (slash === -1 ? userAgent : userAgent.slice(0, slash)).trim();
}

/**
 * Map the final status of a robots.txt fetch (after redirects) to a policy: 2xx →
 * `rules`; 3xx left after following redirects and 4xx (including 429, as RFC 9309 §2.3.1.3
 * and DESIGN §6 say) → `allow-all`; 5xx and anything else → `unavailable`, meaning "fetch
 * nothing from this host until robots.txt can be read". A network error is `unavailable`
 * too; the caller passes no status for it.
 *
 * @example
 * ```ts
 * robotsPolicyForStatus(404); // "allow-all"
 * robotsPolicyForStatus(503); // "unavailable"
 * ```
 */
export function robotsPolicyForStatus(status: number | null): RobotsPolicy {
  if (status === null) return "unavailable";
  if (status >= 200 && status < 300) return "rules";
  if (status >= 300 && status < 500) return "allow-all";
  return "unavailable";
}

/**
 * Parse a robots.txt body for `robotsUrl`'s origin. Bytes are cut at
 * {@link ROBOTS_MAX_BYTES} and at the last complete line before it, so a rule cut in half
 * (`Allow: /pub` from `Allow: /public`) never changes meaning; then decoded as UTF-8.
 *
 * @example
 * ```ts
 * const rules = parseRobots("http://x.com/robots.txt", "User-agent: *\nDisallow: /private", "corio/0.1");
 * rules.isAllowed("http://x.com/private/a"); // false
 * ```
 */
export function parseRobots(robotsUrl: string | URL, body: string | Uint8Array, userAgent: string): RobotsRules {
  const url = new URL("/robots.txt", robotsUrl);
  const text = typeof body === "string" ? capText(body) : new TextDecoder("utf-8").decode(capBytes(body));
  const robot = robotsParser(url.href, text);
  const token = productToken(userAgent).toLowerCase();
  return {
    productToken: token,
    isAllowed(target) {
      const href = typeof target === "string" ? target : target.href;
      const parsed = new URL(href);
      if (parsed.origin === url.origin && parsed.pathname === "/robots.txt") return true;
      const allowed = robot.isAllowed(href, token);
      if (allowed === undefined) {
        throw new CrawlError("robots-origin-mismatch", `robots.txt of ${url.origin} was asked about ${href}`);
      }
      return allowed;
    },
    crawlDelayMs() {
      const seconds = robot.getCrawlDelay(token);
      return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
    },
    sitemaps: () => robot.getSitemaps(),
  };
}

/**
 * A robots.txt body as {@link parseRobots} reads it: cut at {@link ROBOTS_MAX_BYTES} (at
 * the last complete line) and decoded as UTF-8. Parsing this text gives the same rules.
 *
 * @example
 * ```ts
 * robotsText(new TextEncoder().encode("User-agent: *\nDisallow: /private\n")); // the same text
 * ```
 */
export function robotsText(body: Uint8Array): string {
  return new TextDecoder("utf-8").decode(capBytes(body));
}

function capBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= ROBOTS_MAX_BYTES) return bytes;
  const cut = bytes.subarray(0, ROBOTS_MAX_BYTES);
  const nl = cut.lastIndexOf(0x0a);
  return nl === -1 ? new Uint8Array(0) : cut.subarray(0, nl + 1);
}

function capText(text: string): string {
  // Measure in UTF-8 bytes, as the cap is defined; strings are the rarer input.
  const bytes = new TextEncoder().encode(text);
  return bytes.length <= ROBOTS_MAX_BYTES ? text : new TextDecoder().decode(capBytes(bytes));
}
