/**
 * Incomplete outputs: an interrupted crawl, or a book missing chapters, is written as
 * `<stem>.partial<ext>` beside the output, never under the output's own name — a file
 * named `book.md` is always a whole book, and a complete output from an earlier run is
 * never replaced by a partial one. The next complete run removes the partial file.
 * @module
 */
import { basename, dirname, extname, join } from "node:path";
import type { FrontierCounts } from "../frontier/frontier.js";

/**
 * Where an incomplete output goes: `book.md` → `book.partial.md`, `pages.jsonl` →
 * `pages.partial.jsonl`, `book` → `book.partial`.
 *
 * @example
 * ```ts
 * partialPath("out/book.epub"); // "out/book.partial.epub"
 * ```
 */
export function partialPath(output: string): string {
  const name = basename(output);
  const ext = extname(name);
  return join(dirname(output), `${name.slice(0, name.length - ext.length)}.partial${ext}`);
}

/**
 * Is the output of a crawl in this state complete? Nothing may be left queued or leased;
 * a book must also have every chapter (no URL failed or skipped), while a site crawl
 * whose every URL reached an end is complete even if some failed (they are listed in
 * `errors.jsonl`).
 *
 * @example
 * ```ts
 * isComplete("book", { queued: 0, leased: 0, ok: 10, failed: 1, skipped: 0 }); // false
 * isComplete("site", { queued: 0, leased: 0, ok: 10, failed: 1, skipped: 0 }); // true
 * ```
 */
export function isComplete(mode: "book" | "site", counts: FrontierCounts): boolean {
  if (counts.queued > 0 || counts.leased > 0) return false;
  return mode === "site" || (counts.failed === 0 && counts.skipped === 0 && counts.ok > 0);
}

/** What a run wrote when its output is incomplete. */
export interface IncompleteOutput {
  mode: "book" | "site";
  /** The `.partial` file written. */
  file: string;
  /** Records in it: chapters (book) or pages (site). */
  written: number;
  /** Book: the chapters the index lists (`null` when the index was not fetched). Site: `null`. */
  total: number | null;
  /** Something is still queued: running again continues (else the missing ones failed for good). */
  resumable: boolean;
}

/**
 * The one line that says an output is incomplete, for the summary.
 *
 * @example
 * ```ts
 * incompleteLine({ mode: "book", file: "out/book.partial.md", written: 24, total: 100, resumable: true });
 * // "incomplete: wrote out/book.partial.md (24 of 100 chapters); run again to resume"
 * ```
 */
export function incompleteLine(o: IncompleteOutput): string {
  const what = o.mode === "book" ? (o.total === null ? `${o.written} chapters; the index page was not fetched` : `${o.written} of ${o.total} chapters`) : `${o.written} pages`;
  const next = o.resumable ? "run again to resume" : "the missing ones failed or were skipped (see errors.jsonl); pass --fresh to try them all again";
  return `incomplete: wrote ${o.file} (${what}); ${next}`;
}
