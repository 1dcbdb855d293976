/**
 * `corio crawl export --frontier redis://… --crawl-id NAME -o out.jsonl|book.md`: write
 * the output of a shared crawl from Redis — the book in index order, or the site's JSONL
 * — plus `errors.jsonl` beside it, with the same writers as the crawl itself. The mode
 * and start URLs come from the crawl's identity, stored by its first worker.
 * @module
 */
import { rmSync } from "node:fs";
import { UsageError } from "../../errors.js";
import { RedisFrontier } from "../../frontier/redis-frontier.js";
import { bookMode } from "../../modes/book.js";
import { siteMode } from "../../modes/site.js";
import { resolveOptions, type BookFormat } from "../../options.js";
import { AtomicFile } from "../../output/atomic-file.js";
import { toJsonLine } from "../../output/jsonl.js";
import { isComplete, partialPath } from "../../output/partial.js";
import { prepareOutput } from "../../preflight/open-state.js";
import { createCanonicalizer } from "../../url/canonicalize.js";
import type { CliIo } from "../run-cli.js";

/** Options of {@link exportCrawl}. */
export interface ExportOptions {
  frontier: string;
  crawlId: string;
  output: string;
  format?: BookFormat;
}

/** Write the crawl's output; resolves to the exit code (0, or 1 when the crawl is unknown). */
export async function exportCrawl(o: ExportOptions, io: CliIo): Promise<number> {
  const frontier = await RedisFrontier.connect(o.frontier, { crawlId: o.crawlId });
  try {
    const identity = await frontier.getMeta("identity");
    if (identity === null) throw new UsageError(`no crawl '${o.crawlId}' at ${frontier.conn.url}; check --crawl-id`, { option: "--crawl-id" });
    const { mode, startUrls } = JSON.parse(identity) as { mode: "book" | "site"; startUrls: string[] };
    const options = resolveOptions({ mode, startUrls, output: o.output, ...(o.format ? { format: o.format } : {}) });
    prepareOutput(options);
    const canonical = createCanonicalizer({ stripParams: options.stripParams });
    const writer = mode === "book" ? bookMode(options, (u) => canonical(u)) : siteMode(options, (u) => canonical(u));
    // An unfinished crawl (or a book missing chapters) is exported as <stem>.partial<ext>.
    const complete = isComplete(mode, await frontier.counts());
    const target = complete ? options.output : partialPath(options.output);
    await writer.write(frontier, target);
    if (complete) rmSync(partialPath(options.output), { force: true });
    const errors = await AtomicFile.open(options.errorsFile);
    try {
      let buffer = "";
      for await (const p of frontier.problems()) buffer += toJsonLine(p);
      await errors.write(buffer);
      await errors.commit();
    } catch (e) {
      await errors.abort();
      throw e;
    }
    const c = await frontier.counts();
    const open = c.queued + c.leased;
    io.stderr(`exported crawl '${o.crawlId}': ${c.ok} ok, ${c.failed} failed, ${c.skipped} skipped → ${target} (problems in ${options.errorsFile})\n`);
    if (open > 0) io.stderr(`incomplete: the crawl is not finished (${c.queued} queued, ${c.leased} leased); ${target} holds what is done so far\n`);
    else if (!complete) io.stderr(`incomplete: some chapters failed or were skipped (see ${options.errorsFile}); ${target} holds the others\n`);
    return 0;
  } finally {
    await frontier.close();
  }
}
