/**
 * 4.3.1, the one-line version — the same download as `corio crawl book`:
 *
 *   corio crawl book http://127.0.0.1:PORT/book/ --links "dd a" --content "#content" -o out/book.md --allow-private
 *
 * concurrent (16 in flight), polite, retried, resumable, GBK decoded by the page's own
 * declaration, chapters once each in index order. Here through the CLI's own entry.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { runCli } from "../../packages/crawl/src/cli/run-cli.js";
import { startFixtureSite } from "./4-support.js";

export async function main(
  output = join(tmpdir(), `corio-4.3.1-${process.pid}`, "book.md"),
  progress = "none",
  latencyMs = 0,
): Promise<{ code: number; book: string; expected: string }> {
  const site = await startFixtureSite({ chapters: 300, latencyMs });
  try {
    const code = await runCli(["crawl", "book", site.indexUrl, "--links", "dd a", "--content", "#content", "-o", output, "--allow-private", "--fresh", "--progress", progress]);
    const { expectedBook } = await import("../../packages/crawl/test/fixture-site/index.js");
    return { code, book: readFileSync(output, "utf8"), expected: expectedBook(site.novel) };
  } finally {
    await site.close();
  }
}

/**
 * The demo's last step: the fixture site (300 GBK chapters, half declared only by
 * <meta>, a "latest chapters" block, noise markup, 5 ms per response) crawled with the
 * progress bar into `out/book.md`.
 */
export async function demo(): Promise<void> {
  const output = resolve("out/book.md");
  const { code, book, expected } = await main(output, "auto", 5);
  console.log(`exit ${code}; the book (${book.length} characters, ${book === expected ? "exactly the novel" : "NOT the expected novel"}) is at ${output}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await demo();
