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
import type { Fetcher, HopCheck } from "../fetch/fetcher.js";
import { parseRobots, robotsPolicyForStatus, robotsText, type RobotsRules } from "./rules.js";

/** What one robots.txt fetch decided. */
export type RobotsAnswer =
  | { policy: "rules"; rules: RobotsRules }
  | { policy: "allow-all" }
  | { policy: "unavailable"; detail: string };

/**
 * A robots.txt fetch as data, before parsing: what workers of a shared crawl store in
 * Redis so the others need not fetch it (`shared-robots.ts`). `text` is the body as
 * the parser reads it (cut at its size cap, decoded as UTF-8).
 */
export type RobotsRecord =
  | { policy: "rules"; status: number; text: string }
  | { policy: "allow-all"; status: number | null }
  | { policy: "unavailable"; status: number | null; detail: string };

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
  return robotsAnswer(yield* fetchRobotsRecord(fetcher, origin), origin, userAgent);
}

/**
 * Fetch `origin`'s robots.txt once and classify it, without parsing. `check` is asked
 * before each redirect hop (a shared crawl takes the hop's host slot there); by default
 * every hop is followed.
 *
 * @example
 * ```ts
 * const record = yield* fetchRobotsRecord(fetcher, "https://example.com");
 * const answer = robotsAnswer(record, "https://example.com", "corio/0.1");
 * ```
 */
export function* fetchRobotsRecord(fetcher: Fetcher, origin: string, check: HopCheck = followEveryHop): Coro<RobotsRecord> {
  const url = new URL("/robots.txt", origin).href;
  const out = yield* fetcher.fetch(url, check);
  if (out.kind === "skipped") return { policy: "allow-all", status: null }; // e.g. redirected to a private address: nothing to obey
  if (out.kind === "failed") {
    return out.transient ? { policy: "unavailable", status: null, detail: out.reason } : { policy: "allow-all", status: null };
  }
  const policy = robotsPolicyForStatus(out.status);
  if (policy === "rules") return { policy, status: out.status, text: robotsText(out.body) };
  if (policy === "allow-all") return { policy, status: out.status };
  return { policy, status: out.status, detail: `http-${out.status}` };
}

/** The answer a {@link RobotsRecord} stands for (parses the rules). */
export function robotsAnswer(record: RobotsRecord, origin: string, userAgent: string): RobotsAnswer {
  if (record.policy === "rules") return { policy: "rules", rules: parseRobots(new URL("/robots.txt", origin), record.text, userAgent) };
  if (record.policy === "allow-all") return { policy: "allow-all" };
  return { policy: "unavailable", detail: record.detail };
}

function* followEveryHop(): Coro<null> {
  return null;
}
