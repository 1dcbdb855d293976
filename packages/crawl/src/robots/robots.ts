/**
 * Fetch one origin's robots.txt and map the answer to a policy (DESIGN §6): 2xx → the
 * rules; 4xx (and a redirect chain that ends without a page) → allow all; 5xx or a
 * network error → `unavailable`, which the cache retries with backoff before giving the
 * host's URLs up as `robots-unavailable`. Redirects are followed (RFC 9309 §2.3.1.2, up
 * to the fetcher's limit) without scope checks: robots.txt may live on another host.
 * The 500 KiB parse cap is applied in `rules.ts`.
 * @module
 */
import type { Coro } from "corio";
import type { Fetcher } from "../fetch/fetcher.js";
import { parseRobots, robotsPolicyForStatus, type RobotsRules } from "./rules.js";

/** What one robots.txt fetch decided. */
export type RobotsAnswer =
  | { policy: "rules"; rules: RobotsRules }
  | { policy: "allow-all" }
  | { policy: "unavailable"; detail: string };

/**
 * Fetch and interpret `origin`'s robots.txt once (no retry here).
 *
 * @example
 * ```ts
 * const answer = yield* fetchRobots(fetcher, "https://example.com", "corio/0.1");
 * if (answer.policy === "rules") answer.rules.isAllowed("https://example.com/a");
 * ```
 */
export function* fetchRobots(fetcher: Fetcher, origin: string, userAgent: string): Coro<RobotsAnswer> {
  const url = new URL("/robots.txt", origin).href;
  const out = yield* fetcher.fetch(url, function* () {
    return null;
  });
  if (out.kind === "skipped") return { policy: "allow-all" }; // e.g. redirected to a private address: nothing to obey
  if (out.kind === "failed") {
    return out.transient ? { policy: "unavailable", detail: out.reason } : { policy: "allow-all" };
  }
  const policy = robotsPolicyForStatus(out.status);
  if (policy === "rules") return { policy, rules: parseRobots(url, out.body, userAgent) };
  if (policy === "allow-all") return { policy };
  return { policy, detail: `http-${out.status}` };
}
