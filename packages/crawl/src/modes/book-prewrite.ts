/**
 * A book written while its crawl runs. Chapters are committed nearly in index order (the
 * frontier leases by it), so the book's beginning is known long before the last page
 * arrives; writing it then uses the time the loop spends waiting on the network. At the
 * end only the rest is read back from the state file and written. Measured on the
 * 2,000-chapter novel at 50 ms latency, reading back, formatting and writing the whole
 * book after the last response took 400–450 ms of a 7.6–8 s crawl.
 *
 * The state file stays the truth: at the end the chapters written here must be exactly the
 * first rows the state yields, in order ({@link Frontier.resultsAfter}); otherwise (a
 * resumed crawl, a chapter that failed, anything unforeseen) this file is dropped and the
 * book is written from the state as before. Memory stays bounded: a chapter that arrives
 * before an earlier one waits in memory up to {@link HOLD_LIMIT}, past which prewriting
 * gives up for the crawl.
 * @module
 */
import { AtomicFile } from "../output/atomic-file.js";
import type { Frontier, StoredResult } from "../frontier/frontier.js";

/** A chapter as the book formats take it. */
export interface BookChapter {
  index: number;
  title: string;
  text: string;
  url: string;
}

/** How far ahead of the next chapter to write the crawl may get before prewriting gives up. */
export const HOLD_LIMIT = { chapters: 256, chars: 4 * 1024 * 1024 } as const;

/** Text gathered before one write to the file. */
const BATCH_CHARS = 64 * 1024;
/** Text written between two background flushes to disk (see AtomicFile.syncAhead). */
const SYNC_CHARS = 1024 * 1024;

/** The written beginning of a book, for {@link BookPrewriter.take}. */
export interface WrittenHead {
  /** The temporary file holding it; commit or abort it. */
  file: AtomicFile;
  /** The state ids of the chapters in it, in book order. */
  written: readonly number[];
}

/**
 * @example
 * ```ts
 * const pre = new BookPrewriter("out/book.md", toChapter, (c) => `## ${c.title}\n\n${c.text}\n\n`);
 * pre.committed({ id: 7, url, depth: 1, ord: 0, label: "第一章", data }); // as each chapter commits
 * const head = await pre.take(); // at the end: the file and the ids written, or null
 * ```
 */
export class BookPrewriter {
  /** `ord` of the next chapter the book needs. */
  private next = 0;
  /** Chapters committed ahead of `next`, by ord. */
  private readonly held = new Map<number, StoredResult>();
  private heldChars = 0;
  private readonly written: number[] = [];
  private buffer = "";
  private file: Promise<AtomicFile> | null = null;
  /** The file's operations, one after the other; never rejects. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Characters written since the last background flush. */
  private unsynced = 0;
  /** A write failed: the book is written from the state at the end. */
  private failed = false;

  constructor(
    /** The book's path; the temporary file is made beside it. */
    private readonly output: string,
    private readonly chapterOf: (row: StoredResult) => BookChapter,
    private readonly format: (chapter: BookChapter) => string,
  ) {}

  /** A chapter's row was committed (a book's chapter, not the index page). */
  committed(row: StoredResult): void {
    if (this.stopped || row.ord === null || row.ord < this.next || this.held.has(row.ord)) return;
    this.held.set(row.ord, row);
    this.heldChars += row.data.length;
    while (this.held.has(this.next)) this.append(this.next++);
    if (this.buffer.length >= BATCH_CHARS) this.flush();
    if (this.held.size > HOLD_LIMIT.chapters || this.heldChars > HOLD_LIMIT.chars) this.stop();
  }

  /**
   * The crawl is over: the file with the chapters written so far, or `null` (nothing
   * written, or prewriting gave up). The caller commits or aborts the file.
   */
  async take(): Promise<WrittenHead | null> {
    if (!this.stopped && this.written.length > 0) this.flush();
    const written = this.stopped ? [] : [...this.written];
    this.stopped = true;
    this.held.clear();
    await this.chain;
    const file = await this.file?.catch(() => null);
    if (file === undefined || file === null) return null;
    if (written.length === 0 || this.failed) {
      await file.abort();
      return null;
    }
    return { file, written };
  }

  /** Drop whatever was written (the crawl failed, or its book is written otherwise). */
  async discard(): Promise<void> {
    const head = await this.take();
    await head?.file.abort();
  }

  private append(ord: number): void {
    const row = this.held.get(ord)!;
    this.held.delete(ord);
    this.heldChars -= row.data.length;
    this.buffer += this.format(this.chapterOf(row));
    this.written.push(row.id);
  }

  private flush(): void {
    const text = this.buffer;
    this.buffer = "";
    this.chain = this.chain.then(async () => {
      if (this.failed) return;
      try {
        this.file ??= AtomicFile.open(this.output); // a killed run's leftover goes at the end (book.ts)
        const file = await this.file;
        await file.write(text);
        this.unsynced += text.length;
        if (this.unsynced >= SYNC_CHARS) {
          this.unsynced = 0;
          file.syncAhead();
        }
      } catch {
        // A full disk, a vanished directory: the book is written from the state at the
        // end, which reports the problem if it is still there.
        this.failed = true;
      }
    });
  }

  /**
   * Write nothing more ahead in this crawl: past the hold limit, or from the start of a
   * resumed crawl, whose earlier chapters are in the state only (this run's would wait in
   * memory for them up to the limit).
   */
  stop(): void {
    this.stopped = true;
    this.held.clear();
    this.heldChars = 0;
    this.buffer = "";
    this.written.length = 0;
  }
}

/**
 * The rows of a book after its prewritten head: `head` checked against the state, or
 * `null` (and the head's file dropped) when the state does not begin with it.
 */
export async function rowsAfter(frontier: Frontier, head: WrittenHead | null): Promise<{ head: WrittenHead; rest: AsyncIterable<StoredResult> } | null> {
  if (head === null) return null;
  const rest = frontier.resultsAfter?.(head.written) ?? null;
  if (rest === null) {
    await head.file.abort();
    return null;
  }
  return { head, rest };
}
