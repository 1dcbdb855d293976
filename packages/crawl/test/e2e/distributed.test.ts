/**
 * Several `corio crawl` processes sharing one Redis frontier: the same output as one
 * process, a worker killed with SIGKILL costs nothing but its in-flight pages, and
 * `--per-host` holds across all workers together.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { expectedBook, type FixtureSite } from "../fixture-site/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { RedisFrontier } from "../../src/frontier/redis-frontier.js";
import { canStartRedis, freshCrawlId, redisUrl, skipReason, startRedis, type TestRedis } from "../redis-server.js";
import { epubAsMarkdown, readEpub } from "../epub-reader.js";
import { exited, readJsonl, runCrawl, spawnCli, tempDir, testOptions, until, fixtureSite } from "./support.js";

let site: FixtureSite | undefined;

const chapterPaths = (s: FixtureSite) => s.requests.filter((r) => /^\/book\/\d+\.html$/.test(r.path)).map((r) => r.path);

function worker(args: string[], crawlId: string, out: string, url = redisUrl!) {
  return spawnCli([...args, "-o", out, "--allow-private", "--progress", "none", "--frontier", url, "--crawl-id", crawlId]);
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (out += t) });
  return { code, out };
}

describe.skipIf(redisUrl === null)(`distributed crawl over Redis ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, () => {
  it("three workers write the same book as one process, never exceed --per-host together, and export/status read the crawl", async () => {
    site = await fixtureSite({ chapterLength: "short", chapters: 60, latencyMs: 8 });
    const single = testOptions({ mode: "book", startUrls: [site.indexUrl] });
    await runCrawl(single);
    const reference = readFileSync(single.output, "utf8");
    expect(reference).toBe(expectedBook(site.novel));
    site.reset();

    const crawlId = freshCrawlId("book3");
    const dir = tempDir();
    // robots.txt is left out here (the next test covers it with the shared slot).
    const args = ["crawl", "book", site.indexUrl, "--concurrency", "4", "--per-host", "2", "--ignore-robots"];
    const workers = [0, 1, 2].map((i) => worker(args, crawlId, join(dir, `w${i}`, "book.md")));
    const codes = await Promise.all(workers.map(exited));
    expect(codes, workers.map((w) => w.output().stderr).join("\n")).toEqual([0, 0, 0]);
    for (let i = 0; i < 3; i++) expect(readFileSync(join(dir, `w${i}`, "book.md"), "utf8")).toBe(reference);
    const paths = chapterPaths(site);
    expect(paths.length).toBe(60);
    expect(new Set(paths).size).toBe(60);
    // Each worker alone would allow 2; together they still never had 3 requests in flight.
    expect(site.maxInFlight(new URL(site.origin).host)).toBe(2);

    const exported = join(dir, "export", "book.md");
    const ex = await cli(["crawl", "export", "--frontier", redisUrl!, "--crawl-id", crawlId, "-o", exported]);
    expect(ex.code, ex.out).toBe(0);
    expect(readFileSync(exported, "utf8")).toBe(reference);
    // The EPUB export reads the same rows; the index page's row, last in Redis too, names the book.
    const epub = join(dir, "export", "book.epub");
    expect((await cli(["crawl", "export", "--frontier", redisUrl!, "--crawl-id", crawlId, "-o", epub])).code).toBe(0);
    const book = readEpub(epub);
    expect(epubAsMarkdown(book)).toBe(reference);
    expect(book.metadata["dc:title"]).toBe(site.novel.title);
    const st = await cli(["crawl", "status", "--frontier", redisUrl!, "--crawl-id", crawlId, "--json"]);
    expect(st.code, st.out).toBe(0);
    const status = JSON.parse(st.out) as { counts: Record<string, number>; workers: { done: number }[] };
    expect(status.counts).toEqual({ queued: 0, leased: 0, ok: 61, failed: 0, skipped: 0 });
    expect(status.workers.reduce((n, w) => n + w.done, 0)).toBe(61);
  });

  it("--per-host 4 on each of three workers: at most 4 requests at once, robots.txt included, and robots.txt fetched once", async () => {
    site = await fixtureSite({ chapterLength: "short", chapters: 60, latencyMs: 20, robotsTxt: "User-agent: *\nDisallow: /private/\n" });
    const crawlId = freshCrawlId("perhost");
    const dir = tempDir();
    const args = ["crawl", "book", site.indexUrl, "--concurrency", "8", "--per-host", "4"];
    const workers = [0, 1, 2].map((i) => worker(args, crawlId, join(dir, `w${i}`, "book.md")));
    const codes = await Promise.all(workers.map(exited));
    expect(codes, workers.map((w) => w.output().stderr).join("\n")).toEqual([0, 0, 0]);
    const book = expectedBook(site.novel);
    for (let i = 0; i < 3; i++) expect(readFileSync(join(dir, `w${i}`, "book.md"), "utf8")).toBe(book);
    // Each worker alone would allow 4 (and 8 in flight): together, every request counted, still 4.
    expect(site.maxInFlight(new URL(site.origin).host)).toBeLessThanOrEqual(4);
    expect(site.requests.filter((r) => r.path === "/robots.txt")).toHaveLength(1);
    expect(new Set(chapterPaths(site)).size).toBe(60);
  }, 90_000);

  it("a worker killed with SIGKILL mid-crawl: the others take its URLs after the lease timeout, nothing is lost or stored twice", async () => {
    site = await fixtureSite({ chapterLength: "short", chapters: 120, latencyMs: 10 });
    const crawlId = freshCrawlId("kill");
    const dir = tempDir();
    const args = ["crawl", "book", site.indexUrl, "--concurrency", "4", "--lease", "1s"];
    const workers = [0, 1, 2].map((i) => worker(args, crawlId, join(dir, `w${i}`, "book.md")));
    await until(() => chapterPaths(site!).length >= 30 || workers[0]!.exitCode !== null);
    expect(workers[0]!.exitCode).toBeNull();
    workers[0]!.kill("SIGKILL");
    const codes = await Promise.all(workers.map(exited));
    expect(codes.slice(1), workers.map((w) => w.output().stderr).join("\n")).toEqual([0, 0]);
    const book = expectedBook(site.novel);
    expect(readFileSync(join(dir, "w1", "book.md"), "utf8")).toBe(book);
    expect(readFileSync(join(dir, "w2", "book.md"), "utf8")).toBe(book);
    // Only the pages the dead worker had leased were fetched again.
    const paths = chapterPaths(site);
    expect(new Set(paths).size).toBe(120);
    expect(paths.length).toBeLessThanOrEqual(120 + 4 * 4);
    const f = await RedisFrontier.connect(redisUrl!, { crawlId });
    try {
      const ords: (number | null)[] = [];
      for await (const r of f.results()) ords.push(r.ord);
      // Every chapter stored once, then the index page's row (the book's title and language).
      expect(ords).toEqual([...Array.from({ length: 120 }, (_, i) => i), null]);
      expect(await f.counts()).toEqual({ queued: 0, leased: 0, ok: 121, failed: 0, skipped: 0 });
    } finally {
      await f.close();
    }
  });

  it("site mode: three workers hold every page once, as one process does", async () => {
    site = await fixtureSite({ chapterLength: "short", latencyMs: 3, sitePages: 30 });
    const start = `${site.origin}/site/`;
    const single = testOptions({ mode: "site", startUrls: [start] });
    await runCrawl(single);
    const urls = (file: string) => readJsonl<{ url: string }>(file).map((r) => r.url).sort();
    const crawlId = freshCrawlId("site3");
    const dir = tempDir();
    const workers = [0, 1, 2].map((i) => worker(["crawl", "site", start, "--concurrency", "3"], crawlId, join(dir, `w${i}`, "pages.jsonl")));
    expect(await Promise.all(workers.map(exited))).toEqual([0, 0, 0]);
    const expected = urls(single.output);
    expect(expected.length).toBeGreaterThan(10);
    for (let i = 0; i < 3; i++) expect(urls(join(dir, `w${i}`, "pages.jsonl"))).toEqual(expected);
  });

  it("Redis unreachable at start: exit 1 with the URL and the fix", async () => {
    site = await fixtureSite({ chapterLength: "short", chapters: 2 });
    const r = await cli(["crawl", "book", site.indexUrl, "-o", join(tempDir(), "b.md"), "--allow-private", "--progress", "none", "--frontier", "redis://127.0.0.1:1/0", "--crawl-id", "x"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/--frontier: cannot reach Redis at redis:\/\/127\.0\.0\.1:1\/0/);
    const missing = await cli(["crawl", "book", site.indexUrl, "-o", join(tempDir(), "b.md"), "--allow-private", "--frontier", redisUrl!]);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/--crawl-id/);
  });
});

describe.skipIf(!canStartRedis)(`distributed crawl while Redis restarts ${canStartRedis ? "" : `(skipped: ${skipReason || "redis-server is not installed"})`}`, () => {
  it("two workers pause while Redis is down, then finish the exact book", async () => {
    const server = startRedis({ persist: true });
    try {
      site = await fixtureSite({ chapterLength: "short", chapters: 200, latencyMs: 10 });
      const crawlId = freshCrawlId("restart");
      const dir = tempDir();
      const args = ["crawl", "book", site.indexUrl, "--concurrency", "4"];
      const workers = [0, 1].map((i) => worker(args, crawlId, join(dir, `w${i}`, "book.md"), server.url));
      // Both workers must have joined before the outage: one still connecting when Redis
      // goes down fails fast at start by design ("Redis unreachable at start").
      await until(() => chapterPaths(site!).length >= 25 && workersStarted(server, crawlId) === 2);
      server.stop();
      const during = chapterPaths(site).length;
      await new Promise((r) => setTimeout(r, 700));
      server.start();
      const codes = await Promise.all(workers.map(exited));
      expect(codes, workers.map((w) => w.output().stderr).join("\n")).toEqual([0, 0]);
      expect(during).toBeLessThan(200);
      const book = expectedBook(site.novel);
      for (let i = 0; i < 2; i++) expect(readFileSync(join(dir, `w${i}`, "book.md"), "utf8")).toBe(book);
      expect(new Set(chapterPaths(site)).size).toBe(200);
    } finally {
      server.destroy();
    }
  }, 90_000);
});

/** How many workers of the crawl have leased from `server` (a fault is injected only once all have joined). */
function workersStarted(server: TestRedis, crawlId: string): number {
  return Number(execFileSync("redis-cli", ["-p", String(server.port), "hlen", `corio:crawl:{${crawlId}}:wstart`], { encoding: "utf8" }).trim());
}

describe.skipIf(!canStartRedis)(`distributed crawl when Redis loses, rolls back or freezes its state ${canStartRedis ? "" : `(skipped: ${skipReason || "redis-server is not installed"})`}`, () => {
  let server: TestRedis | undefined;
  afterEach(() => {
    server?.destroy();
    server = undefined;
  });

  it("Redis restarted empty: every worker exits 1 with one line naming the crawl and --fresh", async () => {
    server = startRedis(); // no AOF: a restart comes back empty
    site = await fixtureSite({ chapterLength: "short", chapters: 200, latencyMs: 10 });
    const crawlId = freshCrawlId("lost");
    const dir = tempDir();
    const workers = [0, 1].map((i) => worker(["crawl", "book", site!.indexUrl, "--concurrency", "4"], crawlId, join(dir, `w${i}`, "book.md"), server!.url));
    await until(() => chapterPaths(site!).length >= 20 && workersStarted(server!, crawlId) === 2);
    server.stop();
    server.start();
    const codes = await Promise.all(workers.map(exited));
    expect(codes, workers.map((w) => w.output().stderr).join("\n")).toEqual([1, 1]);
    for (const w of workers) {
      expect(w.output().stderr).toBe(`corio crawl: the Redis crawl state of ${crawlId} was lost (Redis restarted without data?); start it again with --fresh\n`);
    }
    expect(chapterPaths(site).length).toBeLessThan(200);
  }, 90_000);

  it("Redis restarted from an older snapshot: the workers refetch what it forgot and write the exact book", async () => {
    server = startRedis();
    site = await fixtureSite({ chapterLength: "short", chapters: 200, latencyMs: 10 });
    const crawlId = freshCrawlId("rollback");
    const dir = tempDir();
    const workers = [0, 1].map((i) => worker(["crawl", "book", site!.indexUrl, "--concurrency", "4"], crawlId, join(dir, `w${i}`, "book.md"), server!.url));
    await until(() => chapterPaths(site!).length >= 20 && workersStarted(server!, crawlId) === 2);
    execFileSync("redis-cli", ["-p", String(server.port), "save"], { stdio: "ignore" }); // the snapshot it will come back with
    const saved = chapterPaths(site).length;
    await until(() => chapterPaths(site!).length >= saved + 25);
    server.stop();
    server.start();
    const codes = await Promise.all(workers.map(exited));
    rmSync(join(server.dir, "dump.rdb"), { force: true });
    expect(codes, workers.map((w) => w.output().stderr).join("\n")).toEqual([0, 0]);
    const book = expectedBook(site.novel);
    for (let i = 0; i < 2; i++) expect(readFileSync(join(dir, `w${i}`, "book.md"), "utf8")).toBe(book);
    const paths = chapterPaths(site);
    expect(new Set(paths).size).toBe(200);
    // What Redis forgot was fetched a second time.
    expect(paths.length).toBeGreaterThan(200);
  }, 90_000);

  it("Redis frozen (SIGSTOP) for a while: the workers wait, then finish the exact book", async () => {
    server = startRedis();
    site = await fixtureSite({ chapterLength: "short", chapters: 200, latencyMs: 10 });
    const crawlId = freshCrawlId("pause");
    const dir = tempDir();
    const workers = [0, 1].map((i) => worker(["crawl", "book", site!.indexUrl, "--concurrency", "4"], crawlId, join(dir, `w${i}`, "book.md"), server!.url));
    await until(() => chapterPaths(site!).length >= 25 && workersStarted(server!, crawlId) === 2);
    const pid = Number(readFileSync(join(server.dir, "redis.pid"), "utf8"));
    process.kill(pid, "SIGSTOP");
    let frozen: number;
    try {
      await new Promise((r) => setTimeout(r, 300));
      frozen = chapterPaths(site).length;
      await new Promise((r) => setTimeout(r, 2_000));
      // Nothing completes while Redis is frozen: a worker fetches at most what it holds.
      expect(chapterPaths(site).length).toBeLessThanOrEqual(frozen + 2 * 4 * 4);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    const codes = await Promise.all(workers.map(exited));
    expect(codes, workers.map((w) => w.output().stderr).join("\n")).toEqual([0, 0]);
    expect(frozen).toBeLessThan(200);
    const book = expectedBook(site.novel);
    for (let i = 0; i < 2; i++) expect(readFileSync(join(dir, `w${i}`, "book.md"), "utf8")).toBe(book);
    expect(new Set(chapterPaths(site)).size).toBe(200);
  }, 90_000);
});
