/**
 * corio crawl on a user's bad day: bad paths, a state in use, a crash-free error path,
 * and incomplete outputs that never take the output's name.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { expectedBook, type FixtureSite } from "../fixture-site/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { StateLock } from "../../src/frontier/state-lock.js";
import { exited, runCrawl, spawnCli, tempDir, testOptions, until, fixtureSite } from "./support.js";

let site: FixtureSite | undefined;

const NO_TRACE = /\n\s+at /;

/** Run the CLI in process; stdout and stderr captured. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const chapterRequests = (s: FixtureSite) => s.requests.filter((r) => /^\/book\/\d+\.html$/.test(r.path)).length;

describe("bad input stops before the first request, in one line", () => {
  it("bad output paths, a state that is not one, a state in use, a URL without scheme", async () => {
    site = await fixtureSite({ chapterLength: "short", chapters: 5 });
    const dir = tempDir();
    writeFileSync(join(dir, "afile"), "");
    mkdirSync(join(dir, "adir"));
    writeFileSync(join(dir, "garbage.crawl.db"), "not a database\n");
    const before = readdirSync(dir).sort();
    const busyState = join(dir, "busy.crawl.db");
    const lock = StateLock.acquire(busyState);
    const started = JSON.parse(readFileSync(`${busyState}.lock`, "utf8")).started as string;
    const book = (out: string, ...more: string[]) => ["crawl", "book", site!.indexUrl, "-o", out, "--allow-private", "--progress", "none", ...more];
    const cases: { args: string[]; line: string | RegExp }[] = [
      {
        args: ["crawl", "site", `${site.origin}/site/p1.html`, "-o", join(dir, "afile", "pages.jsonl"), "--allow-private"],
        line: `-o ${join(dir, "afile", "pages.jsonl")}: ${join(dir, "afile")} is a file, not a directory; choose another path or move that file away`,
      },
      {
        args: ["crawl", "site", `${site.origin}/site/p1.html`, "-o", join(dir, "adir"), "--allow-private"],
        line: `-o ${join(dir, "adir")}: ${join(dir, "adir")} is a directory; name a file, e.g. ${join(dir, "adir", "pages.jsonl")}`,
      },
      { args: book(`${join(dir, "new")}/`), line: `-o ${join(dir, "new")}/: names a directory; name a file, e.g. ${join(dir, "new", "book.md")}` },
      { args: book(join(dir, "garbage.md")), line: `the state file ${join(dir, "garbage.crawl.db")} is not a crawl state (not an SQLite database); delete it, pass --fresh to start over, or use another --state` },
      { args: book(join(dir, "b.md"), "--state", join(dir, "adir")), line: `--state ${join(dir, "adir")}: ${join(dir, "adir")} is a directory; name a file, e.g. ${join(dir, "adir", "crawl.db")}` },
      { args: book(join(dir, "busy.md")), line: `the state file busy.crawl.db is in use by pid ${process.pid} (started ${started}); wait for it or use another --state` },
      {
        args: ["crawl", "book", `127.0.0.1:${site.port}/book/`, "-o", join(dir, "c.md"), "--allow-private"],
        line: `<index-url>: "127.0.0.1:${site.port}/book/" has no http:// or https://; did you mean http://127.0.0.1:${site.port}/book/ ?`,
      },
      { args: ["crawl", "site", "localhost:8080/x", "-o", join(dir, "d.jsonl")], line: '<start-url>: "localhost:8080/x" has no http:// or https://; did you mean http://localhost:8080/x ?' },
    ];
    if (existsSync("/proc/self")) {
      cases.push({
        args: book("/proc/x/y/book.md"),
        line: /^-o \/proc\/x\/y\/book\.md: cannot create the directory \/proc\/x \(no such file or directory, ENOENT\); choose a directory you can write$/,
      });
    }
    try {
      for (const c of cases) {
        const r = await cli(c.args);
        expect(r.code, r.stderr).toBe(1);
        const lines = r.stderr.split("\n");
        expect(lines, r.stderr).toHaveLength(2); // one line and its newline
        expect(lines[0]!.slice("corio crawl: ".length)).toMatch(typeof c.line === "string" ? new RegExp(`^${c.line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : c.line);
        expect(r.stderr).not.toMatch(NO_TRACE);
      }
    } finally {
      lock.release();
    }
    expect(site.requests).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(before); // nothing written, no lock left behind
  });
});

describe("one run per state file", () => {
  it("a second run on the same state exits 1 at once without a request, while the state stays readable; the first finishes exact", async () => {
    // Chapter 150 hangs once, so the first run is surely still running while the second
    // starts and `status` reads; its --timeout then ends the hang and the retry succeeds.
    site = await fixtureSite({ chapterLength: "short", latencyMs: 2, faults: { "/book/1150.html": [{ hang: true }] } });
    const dir = tempDir();
    const out = join(dir, "book.md");
    const args = ["crawl", "book", site.indexUrl, "-o", out, "--allow-private", "--progress", "none", "--concurrency", "2"];
    const first = spawnCli([...args, "--timeout", "20s"]);
    await until(() => chapterRequests(site!) >= 10 || first.exitCode !== null);
    const second = spawnCli([...args, "--user-agent", "second/1.0"]);
    const code = await exited(second);
    expect(code).toBe(1);
    expect(first.exitCode).toBeNull(); // it did not wait for the first run
    await until(() => site!.attempts("/book/1150.html") > 0);
    expect(second.output().stderr).toMatch(/^corio crawl: the state file book\.crawl\.db is in use by pid \d+ \(started [0-9T:.-]+Z\); wait for it or use another --state\n$/);
    expect(site.requests.filter((r) => r.userAgent === "second/1.0")).toEqual([]);
    // `status --state` reads a state in use (read-only) and names the run holding it.
    const running = await cli(["crawl", "status", "--state", join(dir, "book.crawl.db"), "--json"]);
    expect(running.code, running.stderr).toBe(0);
    const status = JSON.parse(running.stdout) as { runningBy: { pid: number } | null; counts: { ok: number } };
    expect(status.runningBy?.pid).toBe(first.pid);
    expect(status.counts.ok).toBeGreaterThan(0);
    expect(first.exitCode).toBeNull();
    expect(await exited(first), first.output().stderr).toBe(0);
    const finished = await cli(["crawl", "status", "--state", join(dir, "book.crawl.db")]);
    expect(finished.stdout).toMatch(/^state .*book\.crawl\.db: finished \S+\n  crawl: book http:\/\/127\.0\.0\.1:\d+\/book\/\n  done 301 \(ok 301, failed 0\), skipped 0, to do 0\n$/);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site.novel));
    expect(existsSync(join(dir, "book.crawl.db.lock"))).toBe(false);
  });
});

describe("the output's directory removed during the crawl", () => {
  it("ends in one line naming the vanished path, exit 1, not an internal error", async () => {
    // Chapter 20 hangs until --timeout, so the directory is surely removed mid-crawl.
    site = await fixtureSite({ chapterLength: "short", chapters: 40, latencyMs: 2, faults: { "/book/1020.html": [{ hang: true }] } });
    const dir = join(tempDir(), "out");
    const run = spawnCli(["crawl", "book", site.indexUrl, "-o", join(dir, "book.md"), "--allow-private", "--progress", "none", "--timeout", "2s"]);
    await until(() => chapterRequests(site!) >= 10 || run.exitCode !== null);
    rmSync(dir, { recursive: true, force: true });
    const code = await exited(run);
    const { stderr } = run.output();
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/^corio crawl: \S*out\S*: no such file or directory \(was its directory removed during the crawl\?\); check the path and run again\n$/m);
    expect(stderr).not.toContain("internal error");
  }, 60_000);
});

describe("a stale lock", () => {
  it("of a process that is gone is taken over with a note, and the run completes", async () => {
    site = await fixtureSite({ chapterLength: "short", chapters: 3 });
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeFileSync(join(dir, "book.crawl.db.lock"), JSON.stringify({ pid: dead, host: hostname(), started: "2026-12-05T12:00:00.000Z" }));
    const r = await cli(["crawl", "book", site.indexUrl, "-o", join(dir, "book.md"), "--allow-private", "--progress", "none"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`corio crawl: note: took over the lock of ${join(dir, "book.crawl.db")} from pid ${dead}, which is no longer running\n`);
    expect(readFileSync(join(dir, "book.md"), "utf8")).toBe(expectedBook(site.novel));
    expect(existsSync(join(dir, "book.crawl.db.lock"))).toBe(false);
  });

  it("that cannot be read (a truncated file) is taken over with a note that says so", async () => {
    site = await fixtureSite({ chapterLength: "short", chapters: 2 });
    const dir = tempDir();
    writeFileSync(join(dir, "book.crawl.db.lock"), '{"pid":12');
    const r = await cli(["crawl", "book", site.indexUrl, "-o", join(dir, "book.md"), "--allow-private", "--progress", "none"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`corio crawl: note: took over the lock of ${join(dir, "book.crawl.db")} from an unreadable lock file\n`);
    expect(readFileSync(join(dir, "book.md"), "utf8")).toBe(expectedBook(site.novel));
  });
});

describe("incomplete outputs are .partial", () => {
  it("a book missing chapters or interrupted is written as book.partial.md, never over a complete book.md", async () => {
    site = await fixtureSite({ chapterLength: "short", chapters: 30, faults: { "/book/1005.html": [{ status: 404 }] } });
    const dir = tempDir();
    const out = join(dir, "book.md");
    const partial = join(dir, "book.partial.md");
    const args = ["crawl", "book", site.indexUrl, "-o", out, "--allow-private", "--progress", "none"];
    // 1. A chapter failed for good: exit 2, the book is partial and says so.
    const failed = await cli(args);
    expect(failed.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(failed.stderr).toContain(`incomplete: wrote ${partial} (29 of 30 chapters); the missing ones failed or were skipped (see errors.jsonl); pass --fresh to try them all again\n`);
    expect(readFileSync(partial, "utf8").match(/^## /gm)).toHaveLength(29);
    // 2. --fresh (the 404 was once): the whole book; the partial file is gone.
    const whole = await cli([...args, "--fresh"]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site.novel));
    expect(existsSync(partial)).toBe(false);
    expect(whole.stderr).not.toMatch(/incomplete/);
    // 3. --fresh again, stopped after 10 pages: book.md stays the complete one.
    const controller = new AbortController();
    let pages = 0;
    const stopped = await runCrawl({
      ...testOptions({ mode: "book", startUrls: [site.indexUrl], output: out, fresh: true, concurrency: 1 }),
      signal: controller.signal,
      onPage: () => {
        if (++pages === 10) controller.abort();
      },
    });
    expect(stopped.state).toBe("interrupted");
    expect(stopped.incomplete).toMatchObject({ file: partial, total: 30, resumable: true });
    expect(stopped.output).toBe(partial);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site.novel));
    expect(readFileSync(partial, "utf8").match(/^## /gm)).toHaveLength(stopped.incomplete!.written);
    expect(stopped.incomplete!.written).toBeLessThan(30);
    // 4. Running again resumes and completes: book.md exact, no partial.
    const resumed = await runCrawl(testOptions({ mode: "book", startUrls: [site.indexUrl], output: out }));
    expect(resumed.incomplete).toBeUndefined();
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site.novel));
    expect(existsSync(partial)).toBe(false);
  });

  it("a site crawl whose every URL reached an end writes its output even with failures", async () => {
    site = await fixtureSite({ chapterLength: "short", sitePages: 5, faults: { "/site/p2.html": [{ status: 404 }] } });
    const dir = tempDir();
    const r = await cli(["crawl", "site", `${site.origin}/site/p1.html`, "-o", join(dir, "pages.jsonl"), "--allow-private", "--progress", "none", "--ignore-robots"]);
    expect(r.code, r.stderr).toBe(2);
    expect(existsSync(join(dir, "pages.jsonl"))).toBe(true);
    expect(existsSync(join(dir, "pages.partial.jsonl"))).toBe(false);
    expect(r.stderr).not.toMatch(/incomplete/);
  });
});
