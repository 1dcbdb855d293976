/**
 * Each engine rule against the fault it answers, on the fixture site. Timing rules run on
 * a VirtualClock: the fixture's latency hook reads the clock when a request arrives.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "corio";
import { CHARSET_SAMPLE, expectedBook, failFirst, rateLimited, type FixtureSite, type FixtureSiteOptions } from "../fixture-site/index.js";
import { crawl } from "../../src/engine.js";
import { UsageError } from "../../src/errors.js";
import type { PageRecord } from "../../src/output/jsonl.js";
import { readJsonl, runCrawl, testOptions, virtualClock, fixtureSite } from "./support.js";

let site: FixtureSite | undefined;

/** Start the site with a clock-reading latency hook: `times` gets [path, loop time]. */
async function timedSite(clock: { now(): number }, options: FixtureSiteOptions = {}) {
  const times: [string, number][] = [];
  site = await fixtureSite({ ...options, latencyMs: (path) => (times.push([path, clock.now()]), 0) });
  return { site, times };
}

type Problem = { url: string; outcome: string; reason: string; attempts: number; status: number | null };
const problems = (output: string) => readJsonl<Problem>(output.replace(/[^/]+$/, "errors.jsonl"));

describe("retries", () => {
  it("retries 5xx with backoff and recovers the page", async () => {
    site = await fixtureSite({ chapters: 10, faults: { "/book/1003.html": failFirst(2) } });
    const opts = testOptions({ mode: "book", startUrls: [site.indexUrl] });
    const s = await runCrawl(opts);
    expect(site.attempts("/book/1003.html")).toBe(3);
    expect(s.retries).toBe(2);
    expect(s.retryHistogram).toEqual({ "0": 10, "2": 1 });
    expect(readFileSync(opts.output, "utf8")).toBe(expectedBook(site.novel));
  });

  it("gives up after --retries and records the failure; 404 is final at once", async () => {
    site = await fixtureSite({ chapters: 5, faults: { "/book/1002.html": failFirst(9, 503) }, redirects: {} });
    const opts = testOptions({ mode: "book", startUrls: [site.indexUrl], retries: 1 });
    const s = await runCrawl(opts);
    expect(site.attempts("/book/1002.html")).toBe(2);
    expect(s.totals.failed).toBe(1);
    expect(problems(opts.output)).toEqual([expect.objectContaining({ reason: "http-503", attempts: 2, status: 503, outcome: "failed" })]);
    const s404 = await runCrawl(testOptions({ mode: "site", startUrls: [`${site.origin}/status/404`] }));
    expect(s404.retries).toBe(0);
    expect(s404.topErrors).toEqual([{ reason: "http-404", outcome: "failed", count: 1 }]);
  });

  it("429 with Retry-After pauses the whole host for that long", async () => {
    const clock = virtualClock();
    const { times } = await timedSite(clock, { chapters: 30, faults: { "/book/1005.html": rateLimited(1, "7") } });
    const opts = testOptions({ mode: "book", startUrls: [site!.indexUrl], concurrency: 2 });
    await runCrawl(opts, clock);
    const t429 = times.find(([p]) => p === "/book/1005.html")![1];
    const after = times.filter(([, t]) => t > t429);
    expect(after.length).toBeGreaterThan(10);
    expect(Math.min(...after.map(([, t]) => t))).toBeGreaterThanOrEqual(t429 + 7000);
    expect(readFileSync(opts.output, "utf8")).toBe(expectedBook(site!.novel));
  });

  it("a hung response times out (--timeout) and the retry succeeds", async () => {
    const clock = virtualClock();
    const { times } = await timedSite(clock, { chapters: 4, faults: { "/book/1002.html": [{ hang: true }] } });
    const opts = testOptions({ mode: "book", startUrls: [site!.indexUrl], timeout: "5s" });
    const s = await runCrawl(opts, clock);
    const hits = times.filter(([p]) => p === "/book/1002.html").map(([, t]) => t);
    expect(hits).toHaveLength(2);
    expect(hits[1]! - hits[0]!).toBeGreaterThanOrEqual(5000);
    expect(s.retries).toBe(1);
    expect(readFileSync(opts.output, "utf8")).toBe(expectedBook(site!.novel));
  });
});

describe("redirects", () => {
  it("follows a chain, fails loops and too many hops", async () => {
    site = await fixtureSite({ chapters: 2 });
    const opts = testOptions({ mode: "site", startUrls: [`${site.origin}/redirect/3`, `${site.origin}/loop/a`, `${site.origin}/redirect/12`], maxDepth: 0 });
    await runCrawl(opts);
    const pages = readJsonl<PageRecord>(opts.output);
    expect(pages.map((p) => [p.url, p.finalUrl, p.status])).toEqual([[`${site.origin}/redirect/3`, `${site.origin}/book/`, 200]]);
    const reasons = problems(opts.output).filter((p) => p.outcome === "failed").map((p) => [p.url, p.reason]);
    expect(reasons).toEqual([
      [`${site.origin}/loop/a`, "redirect-loop"],
      [`${site.origin}/redirect/12`, "too-many-redirects"],
    ]);
  });

  it("re-checks every hop against robots and scope", async () => {
    site = await fixtureSite({
      robotsTxt: "User-agent: *\nDisallow: /private/\n",
      redirects: { "/site/go-private": "/private/secret.html", "/site/go-out": "/book/" },
    });
    const sameHost = testOptions({ mode: "site", startUrls: [`${site.origin}/site/go-private`], maxDepth: 0 });
    await runCrawl(sameHost);
    expect(problems(sameHost.output).map((p) => [p.url, p.reason])).toEqual([[`${site.origin}/site/go-private`, "robots-disallowed"]]);
    const prefix = testOptions({ mode: "site", startUrls: [`${site.origin}/site/go-out`], scope: "prefix", maxDepth: 0 });
    await runCrawl(prefix);
    expect(problems(prefix.output).map((p) => [p.url, p.reason])).toEqual([[`${site.origin}/site/go-out`, "out-of-scope"]]);
    expect(site.attempts("/private/secret.html")).toBe(0);
    expect(site.attempts("/book/")).toBe(0);
  });
});

describe("robots.txt", () => {
  it("obeys Disallow for our product token only", async () => {
    site = await fixtureSite({ chapters: 3, robotsTxt: "User-agent: mybot\nDisallow: /book/1002.html\n\nUser-agent: *\nAllow: /\n" });
    const mine = testOptions({ mode: "book", startUrls: [site.indexUrl], userAgent: "MyBot/2.0 (+x)" });
    const s = await runCrawl(mine);
    expect(site.attempts("/book/1002.html")).toBe(0);
    expect(s.topErrors).toEqual([{ reason: "robots-disallowed", outcome: "skipped", count: 1 }]);
    const other = await runCrawl(testOptions({ mode: "book", startUrls: [site.indexUrl] }));
    expect(other.totals.skipped).toBe(0);
    expect(site.attempts("/book/1002.html")).toBe(1);
  });

  it("4xx robots.txt allows everything; --ignore-robots does not fetch it", async () => {
    site = await fixtureSite({ chapters: 2, robotsTxt: { status: 404 } });
    expect((await runCrawl(testOptions({ mode: "book", startUrls: [site.indexUrl] }))).totals.ok).toBe(3);
    site.reset();
    await runCrawl(testOptions({ mode: "book", startUrls: [site.indexUrl], ignoreRobots: true, robotsTxt: undefined } as never));
    expect(site.attempts("/robots.txt")).toBe(0);
  });

  it("5xx robots.txt blocks the host, is retried with backoff, then its URLs fail robots-unavailable", async () => {
    const clock = virtualClock();
    const { times } = await timedSite(clock, { chapters: 2, robotsTxt: { status: 503 } });
    const opts = testOptions({ mode: "book", startUrls: [site!.indexUrl], retries: 2 });
    const s = await runCrawl(opts, clock);
    expect(times.map(([p]) => p)).toEqual(["/robots.txt", "/robots.txt", "/robots.txt"]);
    expect(times[2]![1]).toBeGreaterThan(times[0]![1]);
    expect(s.topErrors).toEqual([{ reason: "robots-unavailable", outcome: "failed", count: 1 }]);
  });

  it("honours Crawl-delay, start to start", async () => {
    const clock = virtualClock();
    const { times } = await timedSite(clock, { chapters: 4, robotsTxt: "User-agent: *\nCrawl-delay: 2\n" });
    await runCrawl(testOptions({ mode: "book", startUrls: [site!.indexUrl] }), clock);
    const starts = times.filter(([p]) => p !== "/robots.txt").map(([, t]) => t);
    expect(starts).toHaveLength(5);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(2000);
  });
});

describe("bodies and charsets", () => {
  it("decodes each charset case by BOM > header > meta > --encoding, counting U+FFFD", async () => {
    site = await fixtureSite();
    const names = ["bom-utf8", "header-gbk", "meta-gbk", "meta-http-equiv-gbk", "header-beats-meta", "bom-beats-header", "none-gbk", "none-utf8", "wrong-header"];
    const opts = testOptions({ mode: "site", startUrls: names.map((n) => `${site!.origin}/charset/${n}.html`), maxDepth: 0, extract: ["t=#t"] });
    await runCrawl(opts);
    const byName = new Map(readJsonl<PageRecord>(opts.output).map((r) => [/charset\/(.*)\.html/.exec(r.url)![1], r]));
    for (const n of names) {
      const garbled = n === "none-gbk" || n === "wrong-header";
      expect(byName.get(n)!.replacementChars > 0, n).toBe(garbled);
      expect(byName.get(n)!.fields["t"] === CHARSET_SAMPLE, n).toBe(!garbled);
    }
    const gbkDefault = testOptions({ mode: "site", startUrls: [`${site.origin}/charset/none-gbk.html`], maxDepth: 0, extract: ["t=#t"], encoding: "gbk" });
    await runCrawl(gbkDefault);
    expect(readJsonl<PageRecord>(gbkDefault.output)[0]!.fields["t"]).toBe(CHARSET_SAMPLE);
  });

  it("refuses bodies over --max-body, with and without Content-Length", async () => {
    site = await fixtureSite();
    const opts = testOptions({ mode: "site", startUrls: [`${site.origin}/big.html`, `${site.origin}/big-chunked.html`], maxDepth: 0 });
    const s = await runCrawl(opts);
    expect(s.topErrors).toEqual([{ reason: "body-too-large", outcome: "failed", count: 2 }]);
    expect(s.retries).toBe(0);
  });

  it("keeps non-HTML and empty pages as ok records without parsing links", async () => {
    site = await fixtureSite();
    const opts = testOptions({ mode: "site", startUrls: [`${site.origin}/data.json`, `${site.origin}/empty.html`] });
    await runCrawl(opts);
    const pages = readJsonl<PageRecord>(opts.output);
    expect(pages.map((p) => [p.contentType, p.title, p.bytes > 0])).toEqual([
      ["application/json", null, true],
      ["text/html; charset=utf-8", null, false],
    ]);
    expect(site.attempts("/x")).toBe(0);
  });
});

describe("site mode", () => {
  it("follows links in scope once each, strips params, skips traps, out-of-scope links and max-depth", async () => {
    site = await fixtureSite({ sitePages: 8 });
    const opts = testOptions({ mode: "site", startUrls: [`${site.origin}/site/`], stripParams: ["utm_*", "ref"], extract: ["lead=p.lead"], include: ["*/site/*", "*/trap/*"], maxDepth: 6 });
    const s = await runCrawl(opts);
    const pages = readJsonl<PageRecord>(opts.output);
    const sitePaths = pages.map((p) => new URL(p.url).pathname).filter((p) => p.startsWith("/site/"));
    expect(new Set(sitePaths).size).toBe(sitePaths.length);
    expect(new Set(sitePaths)).toEqual(new Set(["/site/", ...Array.from({ length: 8 }, (_, i) => `/site/p${i + 1}.html`)]));
    expect(pages.find((p) => p.url.endsWith("/site/p1.html"))!.fields["lead"]).toBe("Lead 1");
    const reasons = new Set(problems(opts.output).map((p) => p.reason));
    expect(reasons).toEqual(new Set(["out-of-scope", "trap", "max-depth"]));
    expect(s.totals.failed).toBe(0);
    // The key drops utm_*/ref, so p4.html and p4.html?utm_source=x&ref=1 are fetched once between them.
    const fetched = site.requests.map((r) => r.path.split("?")[0]!).filter((p) => p.startsWith("/site/"));
    expect(fetched.length).toBe(new Set(fetched).size);
  });

  it("--max-pages is never exceeded and --per-host holds", async () => {
    site = await fixtureSite({ sitePages: 30, latencyMs: 3 });
    const opts = testOptions({ mode: "site", startUrls: [`${site.origin}/site/`], maxPages: 7, include: ["*/site/*"] });
    const s = await runCrawl(opts);
    expect(site.requests.filter((r) => r.path !== "/robots.txt")).toHaveLength(7);
    expect(site.maxInFlight()).toBeLessThanOrEqual(2);
    expect(s.topErrors.find((e) => e.reason === "max-pages")?.count).toBeGreaterThan(0);
  });

  it("passes each page to the handler, whose data lands in the record", async () => {
    site = await fixtureSite({ sitePages: 3 });
    const opts = testOptions({
      mode: "site",
      startUrls: [`${site.origin}/site/p1.html`],
      maxDepth: 0,
      *onPage(page) {
        page.data["h1"] = page.doc?.selectOne("h1") ? "yes" : "no";
      },
    });
    await runCrawl(opts);
    expect(readJsonl<PageRecord>(opts.output)[0]!.fields).toEqual({ h1: "yes" });
  });
});

describe("bad input", () => {
  it("refuses malformed and private start URLs with a usage error naming the fix", async () => {
    const fail = (o: object) => run(crawl(testOptions(o as never)), { handleSignals: false }).catch((e: unknown) => e);
    expect(await fail({ mode: "site", startUrls: ["http://"] })).toBeInstanceOf(UsageError);
    expect(String(await fail({ mode: "site", startUrls: ["ftp://x.test/"] }))).toMatch(/only http and https/);
    const priv = await fail({ mode: "site", startUrls: ["http://127.0.0.1:9/"], allowPrivate: false });
    expect(priv).toBeInstanceOf(UsageError);
    expect(String(priv)).toMatch(/--allow-private/);
    // A name is judged by what it resolves to (localhost → 127.0.0.1), not by its spelling.
    const named = await fail({ mode: "book", startUrls: ["http://localhost:9/book/"], allowPrivate: false });
    expect(named).toBeInstanceOf(UsageError);
    expect(String(named)).toMatch(/resolves to the private address 127\.0\.0\.1.*--allow-private/);
    expect(String(await fail({ mode: "book", startUrls: ["http://x.test/"], timeout: "soon" }))).toMatch(/--timeout: expected a duration/);
  });
});
