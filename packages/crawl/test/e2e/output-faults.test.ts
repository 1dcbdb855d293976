/**
 * The output cannot be written at the end of a crawl (its paths were fine at the start):
 * one line naming the file the user chose, exit 1, and nothing lost — the state keeps
 * every page, so the same command, once the path is fixed, writes the output without
 * fetching a chapter again.
 */
import { readFileSync, rmSync, mkdirSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { expectedBook, startFixtureSite, type FixtureSite } from "../fixture-site/index.js";
import { exited, spawnCli, tempDir, until } from "./support.js";

let site: FixtureSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const chapterRequests = (s: FixtureSite) => s.requests.filter((r) => /^\/book\/\d+\.html$/.test(r.path)).length;

/**
 * Crawl a 40-chapter book into `out`, calling `spoil` once 10 chapters were requested.
 * Chapter 20 hangs until --timeout (then its retry succeeds), so `spoil` surely runs
 * before the book is written, however loaded the machine.
 */
async function crawlWhile(out: string, state: string, spoil: () => void): Promise<{ code: number; stderr: string }> {
  site = await startFixtureSite({ chapters: 40, latencyMs: 2, faults: { "/book/1020.html": [{ hang: true }] } });
  const run = spawnCli(["crawl", "book", site.indexUrl, "-o", out, "--state", state, "--allow-private", "--progress", "none", "--timeout", "2s"]);
  await until(() => chapterRequests(site!) >= 10 || run.exitCode !== null, 90_000);
  spoil();
  const code = await exited(run);
  return { code, stderr: run.output().stderr };
}

/** The same command again; it must finish from the state alone. */
async function rerun(out: string, state: string): Promise<{ code: number; stderr: string; chapters: number }> {
  const before = chapterRequests(site!);
  const again = spawnCli(["crawl", "book", site!.indexUrl, "-o", out, "--state", state, "--allow-private", "--progress", "none"]);
  const code = await exited(again);
  return { code, stderr: again.output().stderr, chapters: chapterRequests(site!) - before };
}

describe("the output cannot be written at the end of the crawl", () => {
  it("a directory made at the output's name: one line naming it, exit 1; once it is moved away, the same command writes the book without a request", async () => {
    const dir = tempDir();
    const out = join(dir, "book.md");
    const state = join(dir, "book.crawl.db");
    const { code, stderr } = await crawlWhile(out, state, () => mkdirSync(out));
    expect(code, stderr).toBe(1);
    expect(stderr).toBe(`corio crawl: ${out}: is a directory; move it away or choose another path, and run again (the crawl resumes)\n`);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    rmSync(out, { recursive: true });
    const again = await rerun(out, state);
    expect(again.code, again.stderr).toBe(0);
    expect(again.chapters).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site!.novel));
  }, 120_000);

  it("the output's directory replaced by a file: one line naming the output, exit 1; fixed, the same command writes the book without a request", async () => {
    const root = tempDir();
    const out = join(root, "out", "book.md");
    const state = join(root, "book.crawl.db"); // elsewhere, so it survives
    const { code, stderr } = await crawlWhile(out, state, () => {
      rmSync(join(root, "out"), { recursive: true, force: true });
      writeFileSync(join(root, "out"), "");
    });
    expect(code, stderr).toBe(1);
    expect(stderr).toBe(`corio crawl: ${out}: a part of the path is a file, not a directory; choose another path\n`);

    rmSync(join(root, "out"));
    mkdirSync(join(root, "out"));
    const again = await rerun(out, state);
    expect(again.code, again.stderr).toBe(0);
    expect(again.chapters).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site!.novel));
    expect(existsSync(join(root, "out", "book.partial.md"))).toBe(false);
  }, 120_000);
});
