/**
 * One set of counters: the summary (this run and whole crawl), `corio crawl status`, the
 * lines of `errors.jsonl` and the records written agree — on random sites (property) and
 * on the cases users reported: redirects recorded once, scope decided first, literal
 * U+FFFD not counted as damage, the skipped URLs of a fresh run.
 */
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readStateStatus } from "../../src/cli/commands/state-status.js";
import type { FrontierCounts } from "../../src/frontier/frontier.js";
import { RedisFrontier } from "../../src/frontier/redis-frontier.js";
import { runCli } from "../../src/cli/run-cli.js";
import type { CrawlOptionsInput } from "../../src/options.js";
import type { PageRecord } from "../../src/output/jsonl.js";
import type { CrawlSummary } from "../../src/report/summary.js";
import { pagePath, serveSite, siteArbitrary, type RandomSite, type SiteSpec } from "./random-site.js";
import { freshCrawlId, redisUrl, skipReason } from "../redis-server.js";
import { readJsonl, runCrawl, testOptions } from "./support.js";

type Problem = { url: string; outcome: "failed" | "skipped"; reason: string };

const dirs: string[] = [];
let served: RandomSite | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Crawl a served site in process; the outputs and the state's status. */
async function crawlSite(site: RandomSite, extra: Partial<CrawlOptionsInput> = {}) {
  const options = testOptions({ mode: "site", startUrls: [site.startUrl], retries: 0, ...extra });
  const dir = dirname(options.output);
  dirs.push(dir);
  const summary = await runCrawl(options);
  const records = readJsonl<PageRecord>(options.output);
  const problems = readJsonl<Problem>(join(dir, "errors.jsonl"));
  if (options.frontier !== undefined) {
    const shared = await redisStatus(options.frontier, options.crawlId!);
    return { summary, records, problems, status: { ...shared, reasons: undefined, state: undefined } };
  }
  return { summary, records, problems, status: await readStateStatus(join(dir, "pages.crawl.db")) };
}

/** What `corio crawl status --frontier` reads of a Redis crawl (its counts; reasons are in errors.jsonl). */
async function redisStatus(url: string, crawlId: string): Promise<{ counts: FrontierCounts }> {
  const frontier = await RedisFrontier.connect(url, { crawlId });
  try {
    return { counts: (await frontier.status()).counts };
  } finally {
    await frontier.close();
  }
}

/** Every count agrees with every other (a fresh, finished run). */
function expectOneSetOfCounts({ summary: s, records, problems, status }: Awaited<ReturnType<typeof crawlSite>>): void {
  const byOutcome = (o: string) => problems.filter((p) => p.outcome === o).length;
  const byReason: CrawlSummary["reasons"] = {};
  for (const p of problems) (byReason[p.reason] ??= { outcome: p.outcome, count: 0 }).count++;
  expect(s.state).toBe("done");
  // this run == whole crawl (fresh run), and nothing is left
  expect({ ok: s.ok, failed: s.failed, skipped: s.skipped }).toEqual({ ok: s.totals.ok, failed: s.totals.failed, skipped: s.totals.skipped });
  expect(s.totals.queued).toBe(0);
  expect(s.pages).toBe(s.ok + s.failed);
  // summary == status
  expect(status.counts).toEqual({ ok: s.totals.ok, failed: s.totals.failed, skipped: s.totals.skipped, queued: 0, leased: 0 });
  if (status.reasons !== undefined) expect(status.reasons).toEqual(s.reasons);
  // == errors.jsonl by outcome and by reason
  expect(byOutcome("failed")).toBe(s.totals.failed);
  expect(byOutcome("skipped")).toBe(s.totals.skipped);
  expect(byReason).toEqual(s.reasons);
  // ok == records written, one per page
  expect(records.length).toBe(s.totals.ok);
  expect(new Set(records.map((r) => r.url)).size).toBe(records.length);
  expect(new Set(records.map((r) => r.finalUrl)).size).toBe(records.length);
}

/** A page that answered 2xx is requested directly at most once; a repeat follows a redirect to it. */
function expectNoSecondFetch(site: RandomSite, spec: SiteSpec): void {
  const okPaths = new Set(spec.pages.flatMap((p, i) => (p.kind === "ok" ? [pagePath(spec, i)] : [])));
  const seen = new Set<string>();
  site.requests.forEach((path, n) => {
    if (okPaths.has(path) && seen.has(path)) expect(site.redirects.get(site.requests[n - 1] ?? ""), `second request for ${path}`).toBe(path);
    seen.add(path);
  });
}

/** The property: random site, concurrency, depth and page limits; `shared` crawls through Redis. */
async function countsAgree(numRuns: number, shared: () => Partial<CrawlOptionsInput> = () => ({})): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      siteArbitrary(8),
      fc.constantFrom(1, 1, 3),
      fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      async (spec, concurrency, maxDepth, maxPages) => {
        served = await serveSite(spec);
        try {
          const out = await crawlSite(served, { concurrency, perHost: concurrency, ...(maxDepth === undefined ? {} : { maxDepth }), ...(maxPages === undefined ? {} : { maxPages }), ...shared() });
          expectOneSetOfCounts(out);
          const { summary: s, records, problems } = out;
          if (maxPages !== undefined) expect(s.pages).toBeLessThanOrEqual(maxPages);
          // robots: nothing under /private/ is requested; scope is decided first
          expect(served.requests.filter((p) => p.startsWith("/private/"))).toEqual([]);
          for (const p of problems) if (!p.url.startsWith(served.origin)) expect(p.reason, p.url.slice(0, 60)).toBe("out-of-scope");
          // literal U+FFFD in valid UTF-8 is not damage
          expect([s.replacementChars, s.pagesWithReplacementChars, s.damagedPages]).toEqual([0, 0, []]);
          expect(records.every((r) => r.replacementChars === 0)).toBe(true);
          // a redirect is one record: the link followed, and where it landed
          for (const r of records) if (r.url !== r.finalUrl) expect(served.redirects.has(new URL(r.url).pathname)).toBe(true);
          if (concurrency === 1) expectNoSecondFetch(served, spec);
        } finally {
          await served.close();
          served = undefined;
          for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
        }
      },
    ),
    { numRuns },
  );
}

describe("one set of counters", () => {
  it("summary, status, errors.jsonl and the records agree on random sites (property)", () => countsAgree(30), 120_000);
});

describe.skipIf(redisUrl === null)(`one set of counters over Redis ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, () => {
  it("summary, status, errors.jsonl and the records agree on random sites (property)", () => countsAgree(12, () => ({ frontier: redisUrl!, crawlId: freshCrawlId("counts") })), 120_000);
});

describe("the cases users reported", () => {
  const page = (links: number[], kind: SiteSpec["pages"][number]["kind"] = "ok", target = 0): SiteSpec["pages"][number] => ({ kind, links, target, extras: [], literal: 0 });

  it("a fresh run's summary counts the skipped links its pages recorded, as the whole crawl does", async () => {
    const spec: SiteSpec = { pages: [{ ...page([1]), extras: ["offsite", "trap", "long-onsite"] }, page([0])] };
    served = await serveSite(spec);
    const out = await crawlSite(served);
    expect(out.summary.skipped).toBe(3);
    expect(out.summary.totals.skipped).toBe(3);
    expectOneSetOfCounts(out);
  });

  it("--max-pages: the URLs left are skipped in this run too, and nothing stays queued", async () => {
    served = await serveSite({ pages: [page([1, 2, 3]), page([]), page([]), page([])] });
    const out = await crawlSite(served, { maxPages: 2 });
    expect(out.summary.reasons["max-pages"]).toEqual({ outcome: "skipped", count: 2 });
    expect(out.summary.skipped).toBe(2);
    expect(out.summary.totals.queued).toBe(0);
    expectOneSetOfCounts(out);
  });

  it("a redirect is one page with one record, and its landing URL is not fetched again", async () => {
    // p0 links to p1 (redirects to p2) and to p2: p2 is queued when p1 lands on it.
    const spec: SiteSpec = { pages: [page([1, 2]), page([], "redirect", 2), page([])] };
    served = await serveSite(spec);
    const out = await crawlSite(served, { concurrency: 1, perHost: 1 });
    expect(out.records.map((r) => [new URL(r.url).pathname, new URL(r.finalUrl).pathname]).sort()).toEqual([
      ["/p0.html", "/p0.html"],
      ["/p1.html", "/p2.html"],
    ]);
    expect(served.requests.filter((p) => p === "/p2.html")).toHaveLength(1);
    expect(out.summary.totals).toEqual({ ok: 2, failed: 0, skipped: 0, queued: 0 });
    expectOneSetOfCounts(out);
  });

  it("a redirect to a page already recorded is a duplicate skip, not an ok without a record", async () => {
    // p0 links to p2 first, then p1, which redirects to p2.
    served = await serveSite({ pages: [page([2, 1]), page([], "redirect", 2), page([])] });
    const out = await crawlSite(served, { concurrency: 1, perHost: 1 });
    expect(out.records.map((r) => new URL(r.url).pathname).sort()).toEqual(["/p0.html", "/p2.html"]);
    expect(out.problems).toEqual([expect.objectContaining({ url: `${served.origin}/p1.html`, outcome: "skipped", reason: "duplicate" })]);
    expectOneSetOfCounts(out);
  });

  it("an off-site link over the URL limit is out-of-scope", async () => {
    served = await serveSite({ pages: [{ ...page([]), extras: ["long-offsite", "long-onsite"] }] });
    const out = await crawlSite(served);
    expect(out.problems.map((p) => [p.url.startsWith(served!.origin), p.reason]).sort()).toEqual([
      [false, "out-of-scope"],
      [true, "url-too-long"],
    ]);
  });

  it("a valid page holding a literal U+FFFD is not damaged", async () => {
    served = await serveSite({ pages: [{ ...page([]), literal: 2 }] });
    const { summary: s, records } = await crawlSite(served);
    expect([s.replacementChars, s.literalReplacementChars, s.pagesWithReplacementChars, s.damagedPages]).toEqual([0, 2, 0, []]);
    expect(records[0]!.replacementChars).toBe(0);
  });

  it("corio crawl status --state shows the summary's totals and errors.jsonl's reasons", async () => {
    served = await serveSite({ pages: [{ ...page([1]), extras: ["offsite"] }, page([], "missing")] });
    const { summary, status } = await crawlSite(served);
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };
    expect(await runCli(["crawl", "status", "--state", status.state!, "--json"], io)).toBe(0);
    const json = JSON.parse(out.join("")) as typeof status;
    expect(json.counts).toEqual({ ok: 1, failed: 1, skipped: 1, queued: 0, leased: 0 });
    expect(json.reasons).toEqual(summary.reasons);
    out.length = 0;
    expect(await runCli(["crawl", "status", "--state", status.state!], io)).toBe(0);
    expect(out.join("")).toContain("done 2 (ok 1, failed 1), skipped 1, to do 0");
    expect(out.join("")).toContain("http-404 (failed) ×1");
    expect(await runCli(["crawl", "status", "--state", join(dirname(status.state!), "nope.db")], io)).toBe(1);
    expect(err.join("")).toMatch(/--state: no state file at .*nope\.db/);
    expect(await runCli(["crawl", "status"], io)).toBe(1);
    expect(err.join("")).toContain("give --state <file> for a local crawl");
  });
});
