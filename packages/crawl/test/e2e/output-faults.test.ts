/**
 * The output cannot be written at the end of a crawl (its paths were fine at the start):
 * one line naming the file the user chose, exit 1, and nothing lost — the state keeps
 * every page, so the same command, once the path is fixed, writes the output without
 * fetching a chapter again.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, mkdirSync, writeFileSync, existsSync, readdirSync, statSync, lstatSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectedBook, type FixtureSite } from "../fixture-site/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { exited, spawnCli, tempDir, until, fixtureSite } from "./support.js";

let site: FixtureSite | undefined;

const chapterRequests = (s: FixtureSite) => s.requests.filter((r) => /^\/book\/\d+\.html$/.test(r.path)).length;

/**
 * Crawl a 40-chapter book into `out`, calling `spoil` once 10 chapters were requested.
 * Chapter 20 hangs until --timeout (then its retry succeeds), so `spoil` surely runs
 * before the book is written, however loaded the machine.
 */
async function crawlWhile(out: string, state: string, spoil: () => void): Promise<{ code: number; stderr: string }> {
  site = await fixtureSite({ chapters: 40, latencyMs: 2, faults: { "/book/1020.html": [{ hang: true }] } });
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

describe("an output that is a device or a pipe", () => {
  it("-o dev/null (a character device, as /dev/null) or a named pipe: one line before the first request; the node stays what it was, nothing is written beside it", async (ctx) => {
    site = await fixtureSite({ chapters: 3 });
    const dir = tempDir();
    // Our own nodes in a temp dir, never the real /dev/null: a regression must not replace it.
    const nodes: { path: string; kind: string }[] = [];
    if (spawnSync("mkfifo", [join(dir, "pipe")]).status === 0) nodes.push({ path: join(dir, "pipe"), kind: "a named pipe" });
    if (spawnSync("mknod", [join(dir, "null"), "c", "1", "3"]).status === 0) nodes.push({ path: join(dir, "null"), kind: "a character device" });
    if (nodes.length === 0) ctx.skip("neither mkfifo nor mknod works here (paths.test.ts covers the check itself)");
    const before = readdirSync(dir).sort();
    for (const { path, kind } of nodes) {
      let stderr = "";
      const code = await runCli(["crawl", "book", site.indexUrl, "-o", path, "--allow-private", "--progress", "none"], { stdout: () => {}, stderr: (t) => (stderr += t) });
      expect(code, stderr).toBe(1);
      expect(stderr).toBe(`corio crawl: -o ${path}: ${path} is ${kind}; name a regular file (outputs are written whole, then renamed into place)\n`);
      expect(statSync(path).isFile()).toBe(false);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(site.requests).toEqual([]);
  });

  it("-o a symbolic link (as /dev/stdout is, to a regular file when stdout is redirected): one line before the first request; link and target untouched", async () => {
    site = await fixtureSite({ chapters: 3 });
    const dir = tempDir();
    const target = join(dir, "captured.txt");
    writeFileSync(target, "the shell's redirect\n");
    const link = join(dir, "stdout");
    symlinkSync(target, link);
    let stderr = "";
    const code = await runCli(["crawl", "book", site.indexUrl, "-o", link, "--allow-private", "--progress", "none"], { stdout: () => {}, stderr: (t) => (stderr += t) });
    expect(code, stderr).toBe(1);
    expect(stderr).toBe(`corio crawl: -o ${link}: ${link} is a symbolic link; name a regular file (outputs are written whole, then renamed into place, which would replace the link)\n`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("the shell's redirect\n");
    expect(readdirSync(dir).sort()).toEqual(["captured.txt", "stdout"]);
    expect(site.requests).toEqual([]);
  });
});
