import { describe, expect, it } from "vitest";
import { ROBOTS_MAX_BYTES, parseRobots, productToken, robotsPolicyForStatus } from "./rules.js";
import { CrawlError } from "../errors.js";

const ROBOTS = `# comment
User-agent: corio
Disallow: /private
Allow: /private/open
Crawl-delay: 2

User-agent: *
Disallow: /
Crawl-delay: 0.5

Sitemap: http://x.com/sitemap.xml
`;

describe("productToken", () => {
  it.each([
    ["corio/0.1 (+https://example.com/bot)", "corio"],
    ["corio", "corio"],
    [" MyBot /2", "MyBot"],
    ["Mozilla/5.0 (compatible; Googlebot/2.1)", "Mozilla"],
    ["", ""],
  ])("%j → %j", (ua, token) => {
    expect(productToken(ua)).toBe(token);
  });
});

describe("parseRobots", () => {
  const rules = parseRobots("http://x.com/some/page", ROBOTS, "corio/0.1 (+https://c.io)");

  it("matches our group by product token, case-insensitively", () => {
    expect(rules.productToken).toBe("corio");
    expect(rules.isAllowed("http://x.com/")).toBe(true);
    expect(rules.isAllowed("http://x.com/private")).toBe(false);
    expect(rules.isAllowed("http://x.com/private/x")).toBe(false);
    expect(rules.isAllowed("http://x.com/private/open/1")).toBe(true);
    expect(parseRobots("http://x.com/", ROBOTS, "CORIO/9").isAllowed("http://x.com/private")).toBe(false);
  });

  it("falls back to the * group for other agents", () => {
    const other = parseRobots("http://x.com/", ROBOTS, "otherbot/1.0");
    expect(other.isAllowed("http://x.com/anything")).toBe(false);
    expect(other.crawlDelayMs()).toBe(500);
  });

  it("accepts URL objects", () => {
    expect(rules.isAllowed(new URL("http://x.com/private"))).toBe(false);
  });

  it("always allows /robots.txt itself", () => {
    const all = parseRobots("http://x.com/", "User-agent: *\nDisallow: /", "corio");
    expect(all.isAllowed("http://x.com/robots.txt")).toBe(true);
    expect(all.isAllowed("http://x.com/robots.txt.bak")).toBe(false);
  });

  it("reports Crawl-delay in milliseconds, or undefined", () => {
    expect(rules.crawlDelayMs()).toBe(2000);
    expect(parseRobots("http://x.com/", "User-agent: *\nDisallow:", "corio").crawlDelayMs()).toBeUndefined();
    expect(parseRobots("http://x.com/", "User-agent: *\nCrawl-delay: soon", "corio").crawlDelayMs()).toBeUndefined();
  });

  it("lists sitemaps", () => {
    expect(rules.sitemaps()).toEqual(["http://x.com/sitemap.xml"]);
  });

  it("allows everything for an empty file", () => {
    expect(parseRobots("http://x.com/", "", "corio").isAllowed("http://x.com/a")).toBe(true);
  });

  it("understands wildcards and end anchors", () => {
    const r = parseRobots("http://x.com/", "User-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp*/", "corio");
    expect(r.isAllowed("http://x.com/a.pdf")).toBe(false);
    expect(r.isAllowed("http://x.com/a.pdf?x=1")).toBe(true);
    expect(r.isAllowed("http://x.com/tmpfiles/a")).toBe(false);
  });

  it("refuses a question about another origin", () => {
    expect(() => rules.isAllowed("http://y.com/")).toThrow(CrawlError);
    expect(() => rules.isAllowed("https://x.com/")).toThrow(/robots.txt of http:\/\/x.com was asked/);
  });

  it("reads bytes as UTF-8", () => {
    const r = parseRobots("http://x.com/", new TextEncoder().encode("User-agent: *\nDisallow: /%E4%BD%A0\n"), "corio");
    expect(r.isAllowed("http://x.com/你")).toBe(false);
  });

  it("ignores what lies past 500 KiB, cutting at a line end", () => {
    const start = "User-agent: *\n";
    // One comment line pads the head to 14 bytes short of the cap, so a raw cut would keep "Disallow: /pub".
    const head = start + "#" + "x".repeat(ROBOTS_MAX_BYTES - 14 - start.length - 2) + "\n";
    // This rule straddles the cap: its first part "Disallow: /pub" would be wrong if kept.
    const body = head + "Disallow: /public-but-long\nDisallow: /late\n";
    expect(new TextEncoder().encode(head).length).toBeLessThan(ROBOTS_MAX_BYTES);
    expect(new TextEncoder().encode(head + "Disallow: /public-but-long\n").length).toBeGreaterThan(ROBOTS_MAX_BYTES);
    for (const input of [body, new TextEncoder().encode(body)]) {
      const r = parseRobots("http://x.com/", input, "corio");
      expect(r.isAllowed("http://x.com/pub")).toBe(true);
      expect(r.isAllowed("http://x.com/late")).toBe(true);
    }
    const small = parseRobots("http://x.com/", "User-agent: *\nDisallow: /late\n", "corio");
    expect(small.isAllowed("http://x.com/late")).toBe(false);
  });
});

describe("robotsPolicyForStatus", () => {
  it.each([
    [200, "rules"], [204, "rules"], [299, "rules"],
    [301, "allow-all"], [400, "allow-all"], [401, "allow-all"], [403, "allow-all"], [404, "allow-all"], [410, "allow-all"], [429, "allow-all"],
    [500, "unavailable"], [503, "unavailable"], [599, "unavailable"], [100, "unavailable"], [null, "unavailable"],
  ] as const)("%s → %s", (status, policy) => {
    expect(robotsPolicyForStatus(status)).toBe(policy);
  });
});
