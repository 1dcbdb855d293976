import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { bookMode } from "./book.js";
import { BookPrewriter, HOLD_LIMIT } from "./book-prewrite.js";
import { resolveOptions, type BookFormat } from "../options.js";
import { createCanonicalizer } from "../url/canonicalize.js";
import { SqliteFrontier } from "../frontier/sqlite-frontier.js";
import type { StoredResult } from "../frontier/frontier.js";
import { formatChapter } from "../output/book-markdown.js";
import { partialPath } from "../output/partial.js";
import { makeTempDir } from "../../test/support/temp-dir.js";

const DEAD_PID = spawnSync(process.execPath, ["-e", ""]).pid!; // exited: its pid is gone

const FORMATS: Record<Exclude<BookFormat, "epub">, (c: { index: number; title: string; text: string; url: string }) => string> = {
  md: formatChapter,
  txt: (c) => `${c.title}\n\n${c.text}\n\n`,
  jsonl: (c) => `${JSON.stringify({ index: c.index, title: c.title, url: c.url, text: c.text })}\n`,
};

/**
 * A book of `chapters` whose chapters commit in `order` (ords; those in `fails` fail for
 * good), told to book mode as the engine tells it, then written as the engine writes it.
 */
async function crawlBook(chapters: number, order: readonly number[], fails: ReadonlySet<number>, format: Exclude<BookFormat, "epub">, stopAfter = order.length) {
  const dir = makeTempDir("corio-prewrite-");
  const output = join(dir, `book.${format}`);
  // What a run killed while it wrote this book ahead left beside it.
  writeFileSync(join(dir, `.book.${format}.${DEAD_PID}.0a1b2c3d4e5f.tmp`), "第0章 of a killed run");
  const mode = bookMode(resolveOptions({ mode: "book", startUrls: ["http://book.test/"], output }), createCanonicalizer({}));
  const frontier = SqliteFrontier.open(join(dir, "state.db"));
  try {
    await frontier.add(Array.from({ length: chapters }, (_, i) => ({ url: `http://book.test/${i}.html`, key: `k${i}`, host: "book.test", depth: 1, ord: i, label: `第${i}章` })));
    const byOrd = new Map((await frontier.lease(chapters)).map((x) => [x.ord!, x]));
    for (const ord of order.slice(0, stopAfter)) {
      const x = byOrd.get(ord)!;
      if (fails.has(ord)) {
        await frontier.complete(x.id, { state: "failed", reason: "http-404", attempts: 1, status: 404, error: null }, []);
        continue;
      }
      const data = JSON.stringify({ title: x.label, text: `正文 ${ord}\n\n第二段` });
      await frontier.complete(x.id, { state: "ok", data, attempts: 1, status: 200 }, []);
      mode.committed!({ id: x.id, url: x.url, depth: x.depth, ord: x.ord, label: x.label, data });
    }
    const done = order.slice(0, stopAfter).filter((o) => !fails.has(o));
    const target = done.length === chapters ? output : partialPath(output);
    const written = await mode.write(frontier, target);
    await mode.discard!(); // as the engine does after every crawl: nothing left to drop
    const expected = [...done]
      .sort((a, b) => a - b)
      .map((o) => FORMATS[format]({ index: o, title: `第${o}章`, text: `正文 ${o}\n\n第二段`, url: `http://book.test/${o}.html` }))
      .join("");
    return { text: readFileSync(target, "utf8"), expected, written, chapters: done.length, leftovers: readdirSync(dir).filter((f) => f.endsWith(".tmp")) };
  } finally {
    await frontier.close();
  }
}

describe("a book written while the crawl runs", () => {
  it("is the book written from the state, whatever order chapters commit in and whichever fail", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: HOLD_LIMIT.chapters + 60 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            // Mostly in order, as leases go, with some chapters late by up to `lateBy`.
            lateBy: fc.integer({ min: 0, max: n }),
            jitter: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
            fails: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }),
            format: fc.constantFrom<Exclude<BookFormat, "epub">>("md", "txt", "jsonl"),
          }),
        ),
        async ({ n, lateBy, jitter, fails, format }) => {
          const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => a + jitter[a]! * lateBy - (b + jitter[b]! * lateBy));
          const r = await crawlBook(n, order, new Set(fails), format);
          expect(r.text).toBe(r.expected);
          expect(r.written).toBe(r.chapters);
          expect(r.leftovers).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it("gives up past its hold limit (a chapter that never comes) and the book is still whole", async () => {
    const n = HOLD_LIMIT.chapters + 20;
    const order = Array.from({ length: n }, (_, i) => (i + 1) % n); // chapter 0 comes last
    const r = await crawlBook(n, order, new Set(), "md");
    expect(r.text).toBe(r.expected);
    expect(r.leftovers).toEqual([]);
  });

  it("an interrupted crawl's partial book holds what committed, and no temporary file is left", async () => {
    const n = 50;
    const order = Array.from({ length: n }, (_, i) => i);
    const r = await crawlBook(n, order, new Set(), "md", 30);
    expect(r.text).toBe(r.expected);
    expect(r.written).toBe(30);
    expect(r.leftovers).toEqual([]);
  });

  it("a resumed crawl writes nothing ahead: its earlier chapters are in the state only", async () => {
    const dir = makeTempDir("corio-prewrite-");
    const row = (ord: number) => ({ id: ord + 2, url: `http://book.test/${ord}.html`, depth: 1, ord, label: `第${ord}章`, data: JSON.stringify({ title: `第${ord}章`, text: "正文" }) });
    const chapterOf = (r: StoredResult) => ({ index: r.ord!, title: r.label ?? "", text: "正文", url: r.url });
    const fresh = new BookPrewriter(join(dir, "a.md"), chapterOf, formatChapter);
    fresh.committed(row(0));
    const head = await fresh.take();
    expect(head?.written).toEqual([2]);
    await head?.file.abort();
    const resumed = new BookPrewriter(join(dir, "b.md"), chapterOf, formatChapter);
    resumed.stop();
    resumed.committed(row(0));
    expect(await resumed.take()).toBeNull();
    expect(readdirSync(dir)).toEqual([]);

    // Book mode stops it when the state holds more than the index page, or a failed chapter.
    const stop = vi.spyOn(BookPrewriter.prototype, "stop");
    try {
      const mode = () => bookMode(resolveOptions({ mode: "book", startUrls: ["http://book.test/"], output: join(dir, "book.md") }), createCanonicalizer({}));
      const counts = { queued: 10, leased: 0, ok: 0, failed: 0, skipped: 0 };
      mode().begin!(counts);
      mode().begin!({ ...counts, ok: 1 }); // the index only: chapters start from the first
      expect(stop).not.toHaveBeenCalled();
      mode().begin!({ ...counts, ok: 2 });
      mode().begin!({ ...counts, ok: 1, failed: 1 });
      expect(stop).toHaveBeenCalledTimes(2);
    } finally {
      stop.mockRestore();
    }
  });
});

