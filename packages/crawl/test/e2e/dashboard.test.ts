/**
 * `--dashboard 0` as a user meets it: the real CLI prints the address before the first
 * request, `/api/stats` moves while the crawl runs, pause holds every new request back while
 * the ones in flight finish, and after the end the server still answers the final numbers —
 * the `--json` summary's, field for field — for 2 s before the process exits.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FixtureSite } from "../fixture-site/index.js";
import type { StatsSnapshot } from "../../src/dashboard/stats-snapshot.js";
import type { CrawlSummary } from "../../src/report/summary.js";
import { exited, spawnCli, tempDir, until, fixtureSite } from "./support.js";
import { freshCrawlId, redisUrl, skipReason } from "../redis-server.js";

let site: FixtureSite | undefined;

async function stats(base: string): Promise<StatsSnapshot> {
  const res = await fetch(new URL("/api/stats", base));
  expect(res.status).toBe(200);
  return (await res.json()) as StatsSnapshot;
}

/** Poll until `predicate` holds for a snapshot; returns that snapshot. */
async function statsUntil(base: string, predicate: (s: StatsSnapshot) => boolean, timeoutMs = 60_000): Promise<StatsSnapshot> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await stats(base);
    if (predicate(s)) return s;
    if (Date.now() > end) throw new Error(`stats never matched; last phase ${s.phase}, ok ${s.counts.ok}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const post = (base: string, action: string) => fetch(new URL(`/api/${action}`, base), { method: "POST" });

describe("--dashboard", () => {
  it("serves live numbers, pauses dispatching, and ends on the --json summary's numbers", async () => {
    site = await fixtureSite({ chapters: 120, latencyMs: 80 }); // ≥ 5 s at 2 in flight: time to watch it
    const dir = tempDir();
    const out = join(dir, "book.md");
    const report = join(dir, "report.html");
    const child = spawnCli(["crawl", "book", site.indexUrl, "-o", out, "--allow-private", "--progress", "none", "--concurrency", "2", "--dashboard", "0", "--json", "--report", report]);
    await until(() => /dashboard: (http:\S+)\n/.test(child.output().stderr) || child.exitCode !== null, 60_000);
    const base = /dashboard: (http:\S+)\n/.exec(child.output().stderr)?.[1];
    expect(base, child.output().stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    // The numbers move.
    const early = await statsUntil(base!, (s) => s.counts.ok >= 3);
    expect(early.phase).toBe("running");
    expect(early.mode).toBe("book");
    expect(early.book?.chaptersTotal).toBe(120);
    const later = await statsUntil(base!, (s) => s.counts.ok > early.counts.ok);
    expect(later.latency.p50).not.toBeNull();

    // Paused: once the requests in flight are done, none reaches the server for 1 s.
    expect((await post(base!, "pause")).status).toBe(204);
    const paused = await statsUntil(base!, (s) => s.phase === "paused" && s.counts.inFlight === 0);
    const before = site.requests.length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(site.requests.length).toBe(before);
    expect((await stats(base!)).counts.ok).toBeGreaterThanOrEqual(paused.counts.ok);
    expect(child.exitCode).toBeNull();

    // Resumed: it finishes; the server still answers the final numbers after the summary is out.
    expect((await post(base!, "resume")).status).toBe(204);
    await until(() => child.output().stdout.trimEnd().endsWith("}") || child.exitCode !== null, 120_000);
    const final = await statsUntil(base!, (s) => s.phase === "finished", 1_500);
    expect(await exited(child)).toBe(0);

    const summary = JSON.parse(child.output().stdout) as CrawlSummary;
    expect(final.summary).toEqual(summary);
    for (const k of ["ok", "failed", "skipped", "retries", "bytes"] as const) expect(final.counts[k], k).toBe(summary[k]);
    expect(final.totals).toEqual(summary.totals);
    expect(final.statusCodes).toEqual(summary.statusHistogram);
    expect(final.reasons).toEqual(summary.reasons);
    expect(final.counts.ok).toBe(121); // the index page counts too
    expect(final.book).toEqual({ chaptersDone: 120, chaptersTotal: 120 });

    // --report: self-contained, with the final snapshot embedded.
    expect(existsSync(report)).toBe(true);
    const html = readFileSync(report, "utf8");
    const embedded = /<script type="application\/json" id="corio-report">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(embedded!).snapshot.summary).toEqual(summary);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=["']https?:/);

    // `corio crawl report --state`: the same numbers again, from the state alone.
    const again = join(dir, "again.html");
    const rebuilt = spawnCli(["crawl", "report", "--state", join(dir, "book.crawl.db"), "-o", again]);
    expect(await exited(rebuilt), rebuilt.output().stderr).toBe(0);
    const fromState = (JSON.parse(/<script type="application\/json" id="corio-report">(.*?)<\/script>/s.exec(readFileSync(again, "utf8"))![1]!) as { snapshot: StatsSnapshot }).snapshot;
    for (const k of ["ok", "failed", "skipped", "retries", "bytes"] as const) expect(fromState.counts[k], k).toBe(summary[k]);
    expect(fromState.totals).toEqual(summary.totals);
    expect(fromState.statusCodes).toEqual(summary.statusHistogram);
    expect(fromState.reasons).toEqual(summary.reasons);
    expect(fromState.latency.histogram.reduce((n, b) => n + b.count, 0)).toBe(121);
    expect(fromState.series.at(-1)!.pages).toBe(121);
  }, 180_000);

  it("stop on the page is Ctrl-C: the crawl ends interrupted (130) and says how to resume", async () => {
    site = await fixtureSite({ chapters: 300, latencyMs: 20 });
    const dir = tempDir();
    const child = spawnCli(["crawl", "book", site.indexUrl, "-o", join(dir, "book.md"), "--allow-private", "--progress", "none", "--concurrency", "2", "--dashboard"]);
    await until(() => /dashboard: (http:\S+)\n/.test(child.output().stderr) || child.exitCode !== null, 60_000);
    const base = /dashboard: (http:\S+)\n/.exec(child.output().stderr)![1]!;
    await statsUntil(base, (s) => s.counts.ok >= 2);
    expect((await post(base, "stop")).status).toBe(204);
    expect(await exited(child)).toBe(130);
    expect(child.output().stderr).toContain("run the same command again to resume");
  }, 180_000);

  it("--dashboard-host other than loopback warns that anyone reaching it can stop the crawl", async () => {
    site = await fixtureSite({ chapters: 3 });
    const child = spawnCli(["crawl", "book", site.indexUrl, "-o", join(tempDir(), "book.md"), "--allow-private", "--progress", "none", "--dashboard", "0", "--dashboard-host", "0.0.0.0"]);
    expect(await exited(child)).toBe(0);
    const err = child.output().stderr;
    expect(err).toMatch(/^corio crawl: warning: the dashboard listens on 0\.0\.0\.0: anyone who can reach that address can watch, pause and stop this crawl$/m);
    expect(err).toMatch(/^dashboard: http:\/\/0\.0\.0\.0:\d+\/$/m);
  }, 60_000);

  it("a bad port is one line naming the option, exit 1", async () => {
    const child = spawnCli(["crawl", "site", "http://127.0.0.1:9/", "-o", join(tempDir(), "p.jsonl"), "--allow-private", "--dashboard", "99999"]);
    expect(await exited(child)).toBe(1);
    expect(child.output().stderr.trim()).toMatch(/^corio crawl: --dashboard: 99999 is not a port; .*--dashboard 8080/);
  }, 60_000);
});

describe.skipIf(redisUrl === null)(`--dashboard with --frontier (Redis) ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, () => {
  it("shows the crawl's workers and ends on the --json summary's numbers", async () => {
    site = await fixtureSite({ chapters: 60, latencyMs: 40 });
    const dir = tempDir();
    const child = spawnCli(["crawl", "book", site.indexUrl, "-o", join(dir, "book.md"), "--allow-private", "--progress", "none", "--concurrency", "2", "--frontier", redisUrl!, "--crawl-id", freshCrawlId("dash"), "--dashboard", "0", "--json"]);
    await until(() => /dashboard: (http:\S+)\n/.test(child.output().stderr) || child.exitCode !== null, 60_000);
    const base = /dashboard: (http:\S+)\n/.exec(child.output().stderr)![1]!;
    const running = await statsUntil(base, (s) => s.counts.ok >= 2 && (s.workers?.length ?? 0) > 0);
    expect(running.workers![0]!.id).toMatch(/\S/);
    await until(() => child.output().stdout.trimEnd().endsWith("}") || child.exitCode !== null, 120_000);
    const final = await statsUntil(base, (s) => s.phase === "finished", 1_500);
    expect(await exited(child)).toBe(0);
    const summary = JSON.parse(child.output().stdout) as CrawlSummary;
    for (const k of ["ok", "failed", "skipped", "retries", "bytes"] as const) expect(final.counts[k], k).toBe(summary[k]);
    expect(final.totals).toEqual(summary.totals);
    expect(final.summary).toEqual(summary);
  }, 180_000);
});
