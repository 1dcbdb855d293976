/**
 * The real CLI as a child process: SIGKILL at random points then resume, and Ctrl-C.
 */
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectedBook, type FixtureSite } from "../fixture-site/index.js";
import { exited, spawnCli, tempDir, until, fixtureSite } from "./support.js";
import { processingLimit } from "../../src/schedule/processing-gate.js";

const Database = createRequire(import.meta.url)("better-sqlite3") as typeof import("better-sqlite3");

let site: FixtureSite | undefined;

const chapterRequests = (s: FixtureSite) => s.requests.filter((r) => /^\/book\/\d+\.html$/.test(r.path)).length;

describe("resume", () => {
  it("survives kill -9 five times at random moments: the final book is byte-identical and no page is lost", async () => {
    site = await fixtureSite({ chapterLength: "short", latencyMs: 4 });
    const dir = tempDir();
    const out = join(dir, "book.md");
    const args = ["crawl", "book", site.indexUrl, "-o", out, "--allow-private", "--progress", "none", "--concurrency", "4"];
    let kills = 0;
    for (let i = 0; i < 5; i++) {
      const before = chapterRequests(site);
      const target = before + 10 + Math.floor(Math.random() * 40);
      const child = spawnCli(args);
      await until(() => chapterRequests(site!) >= target || child.exitCode !== null);
      if (child.exitCode === null) {
        child.kill("SIGKILL");
        kills++;
      }
      await exited(child);
      expect(existsSync(out)).toBe(false); // the book appears only when complete
    }
    expect(kills).toBe(5);
    const final = spawnCli(args);
    expect(await exited(final)).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site.novel));
    // A kill loses at most the pages not yet committed to refetching: the requests in
    // flight (4 here) and the pages being processed (processingLimit(4) = 4).
    const perChapter = new Map<string, number>();
    for (const r of site.requests) if (/^\/book\/\d+\.html$/.test(r.path)) perChapter.set(r.path, (perChapter.get(r.path) ?? 0) + 1);
    expect(perChapter.size).toBe(300);
    expect(chapterRequests(site)).toBeLessThanOrEqual(300 + 5 * (4 + processingLimit(4)));
  });

  it("Ctrl-C stops within the grace period with exit 130, leaves a consistent state, and resume completes", async () => {
    // Chapter 10 hangs twice: in flight at Ctrl-C (so the 5 s grace ends in a cancel), and
    // once more on resume (a short --timeout then retries it).
    site = await fixtureSite({ chapterLength: "short", latencyMs: 4, faults: { "/book/1010.html": [{ hang: true }, { hang: true }] } });
    const dir = tempDir();
    const out = join(dir, "book.md");
    const args = ["crawl", "book", site.indexUrl, "-o", out, "--allow-private", "--progress", "none", "--concurrency", "4"];
    const child = spawnCli([...args, "--timeout", "30s"]);
    await until(() => chapterRequests(site!) >= 30);
    expect(site.attempts("/book/1010.html")).toBe(1);
    const t0 = Date.now();
    child.kill("SIGINT");
    expect(await exited(child)).toBe(130);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4500); // the hung request had its grace period
    expect(Date.now() - t0).toBeLessThan(9000);
    expect(child.output().stderr).toMatch(/Interrupted/);
    const db = new Database(join(dir, "book.crawl.db"), { readonly: true });
    const leased = db.prepare("SELECT COUNT(*) AS n FROM urls WHERE state = 'leased'").get() as { n: number };
    db.close();
    expect(leased.n).toBe(0);
    const again = spawnCli([...args, "--timeout", "2s"]);
    const code = await exited(again);
    expect(code, again.output().stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site.novel));
  });
});
