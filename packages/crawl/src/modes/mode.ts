/**
 * What differs between book and site crawls, and nothing else: the seeds, what a page
 * stores and which URLs it adds, and how the outputs are written from the state.
 * @module
 */
import type { Frontier, FrontierCounts, FrontierEntry, NewEntry, StoredResult } from "../frontier/frontier.js";
import type { CrawledPage } from "../page.js";
import type { SkipReason } from "../errors.js";

/** What a page leaves behind. */
export interface PageYield {
  /** Result stored for the output (JSON text), or `null` for nothing. */
  data: string | null;
  /** URLs found on the page (new ones are queued or recorded as skipped). */
  discovered: NewEntry[];
}

/** One crawl mode. */
export interface Mode {
  /** The start entries (depth 0). */
  seeds(): NewEntry[];
  /** Extra hop rules for redirects (scope); `null` to follow. */
  hopRule(url: URL): SkipReason | null;
  /** Turn a fetched page into its stored result and its discovered URLs. */
  page(entry: FrontierEntry, page: CrawledPage): PageYield;
  /** Write the output from the state to `path` (the output, or its `.partial` twin); resolves to the records written (chapters or pages). */
  write(frontier: Frontier, path: string): Promise<number>;
  /**
   * The state's counts as the crawl begins, before any request: a resumed crawl's state
   * holds an earlier run's outcomes.
   */
  begin?(counts: FrontierCounts): void;
  /** A page's outcome was committed with data (in this process; not told for a shared frontier). */
  committed?(row: StoredResult): void;
  /** The crawl ends without {@link Mode.write} (or after it): drop what was written ahead. */
  discard?(): Promise<void>;
}
