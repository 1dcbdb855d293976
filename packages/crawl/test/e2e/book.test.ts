import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { expectedBook, type FixtureSite } from "../fixture-site/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { readJsonl, runCrawl, tempDir, testOptions, fixtureSite } from "./support.js";
import { epubAsMarkdown, readEpub } from "../epub-reader.js";
import { BookPrewriter } from "../../src/modes/book-prewrite.js";

let site: FixtureSite | undefined;

describe("book mode end to end", () => {
  it("writes the 300-chapter GBK novel exactly, in index order, through the CLI code path", async () => {
    site = await fixtureSite({ latencyMs: 1 });
    const out = join(tempDir(), "book.md");
    const lines: string[] = [];
    const code = await runCli(["crawl", "book", site.indexUrl, "-o", out, "--allow-private", "--progress", "none"], {
      stdout: (t) => lines.push(t),
      stderr: (t) => lines.push(t),
    });
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site.novel));
    // Every chapter once (the "latest" block is not fetched twice), plus index and robots.txt.
    const paths = site.requests.map((r) => r.path);
    expect(paths.filter((p) => p.startsWith("/book/1")).length).toBe(300);
    expect(new Set(paths).size).toBe(paths.length);
    expect(site.requests.every((r) => r.userAgent?.startsWith("corio/"))).toBe(true);
    expect(lines.join("")).toMatch(/Done: 301 pages/);
    expect(readFileSync(join(out, "..", "errors.jsonl"), "utf8")).toBe("");
  });

  it("runs again from a finished state without fetching, and rewrites the same book", async () => {
    site = await fixtureSite({ chapters: 20 });
    const opts = testOptions({ mode: "book", startUrls: [site.indexUrl] });
    await runCrawl(opts);
    site.reset();
    const again = await runCrawl({ ...opts, resume: true });
    expect(site.requests).toEqual([]);
    expect(again.totals.ok).toBe(21);
    expect(readFileSync(opts.output, "utf8")).toBe(expectedBook(site.novel));
  });

  it("a resumed crawl writes no chapter ahead (they would wait for the earlier run's), and its book is whole", async () => {
    site = await fixtureSite({ chapters: 40, latencyMs: 1 });
    const stop = vi.spyOn(BookPrewriter.prototype, "stop");
    onTestFinished(() => stop.mockRestore());
    const opts = testOptions({ mode: "book", startUrls: [site.indexUrl], concurrency: 2 });
    const abort = new AbortController();
    let pages = 0;
    const first = await runCrawl({
      ...opts,
      signal: abort.signal,
      *onPage() {
        if (++pages === 10) abort.abort();
      },
    });
    expect(first.totals.ok).toBeLessThan(41);
    expect(stop).not.toHaveBeenCalled();
    await runCrawl({ ...opts, resume: true });
    expect(stop).toHaveBeenCalledTimes(1);
    expect(readFileSync(opts.output, "utf8")).toBe(expectedBook(site.novel));
  });

  it("writes jsonl and txt formats", async () => {
    site = await fixtureSite({ chapters: 5 });
    const dir = tempDir();
    await runCrawl(testOptions({ mode: "book", startUrls: [site.indexUrl], output: join(dir, "book.jsonl") }));
    const rows = readJsonl<{ index: number; title: string; text: string }>(join(dir, "book.jsonl"));
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(rows[0]!.title).toBe(site.novel.chapters[0]!.title);
    expect(rows[0]!.text).toBe(site.novel.chapters[0]!.paragraphs.join("\n\n"));
    await runCrawl(testOptions({ mode: "book", startUrls: [site.indexUrl], output: join(dir, "book.txt") }));
    const txt = readFileSync(join(dir, "book.txt"), "utf8");
    expect(txt.startsWith(`${site.novel.chapters[0]!.title}\n\n${site.novel.chapters[0]!.paragraphs[0]}`)).toBe(true);
  });

  it("writes an EPUB 3 whose chapters and text are the Markdown book's (--format epub through the CLI)", async () => {
    site = await fixtureSite({ chapters: 40 });
    const dir = tempDir();
    const epub = join(dir, "novel.out");
    const cli = (args: string[]) => runCli(["crawl", "book", site!.indexUrl, ...args, "--allow-private", "--progress", "none", "--state", join(dir, "novel.db")], { stdout: () => {}, stderr: () => {} });
    expect(await cli(["-o", epub, "--format", "epub"])).toBe(0);
    // The same state written as Markdown: nothing is fetched again.
    const fetched = site.requests.length;
    expect(await cli(["-o", join(dir, "novel.md")])).toBe(0);
    expect(site.requests.length).toBe(fetched);
    const md = readFileSync(join(dir, "novel.md"), "utf8");
    expect(md).toBe(expectedBook(site.novel));

    const book = readEpub(epub); // throws unless every XML file is well-formed and sizes are in the local headers
    expect(book.entries[0]).toMatchObject({ name: "mimetype", method: 0, extraLength: 0, offset: 0 });
    expect(book.toc).toEqual(site.novel.chapters.map((c) => c.title));
    expect(book.spine).toHaveLength(40);
    expect(epubAsMarkdown(book)).toBe(md);
    expect(book.metadata["dc:title"]).toBe(site.novel.title);
    expect(book.metadata["dc:source"]).toBe(site.indexUrl);
    // A .epub output needs no --format.
    expect(await cli(["-o", join(dir, "novel.epub")])).toBe(0);
    expect(epubAsMarkdown(readEpub(join(dir, "novel.epub")))).toBe(md);
  });

  it("never exceeds --per-host, and --concurrency overall (the fixture records the peak)", async () => {
    site = await fixtureSite({ chapters: 60, latencyMs: 5 });
    await runCrawl(testOptions({ mode: "book", startUrls: [site.indexUrl], concurrency: 8, perHost: 3 }));
    expect(site.maxInFlight()).toBe(3);
  });
});
