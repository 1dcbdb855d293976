import { describe, expect, it } from "vitest";
import { incompleteLine, isComplete, partialPath } from "./partial.js";

describe("partial outputs", () => {
  it("puts .partial before the extension, or at the end without one", () => {
    expect(partialPath("out/book.md")).toBe("out/book.partial.md");
    expect(partialPath("pages.jsonl")).toBe("pages.partial.jsonl");
    expect(partialPath("/x/book.epub")).toBe("/x/book.partial.epub");
    expect(partialPath("out/book")).toBe("out/book.partial");
    expect(partialPath("out/.hidden")).toBe("out/.hidden.partial");
  });

  it("a book is complete only with every chapter; a site once every URL reached an end", () => {
    const c = { queued: 0, leased: 0, ok: 10, failed: 0, skipped: 0 };
    expect(isComplete("book", c)).toBe(true);
    expect(isComplete("book", { ...c, failed: 1 })).toBe(false);
    expect(isComplete("book", { ...c, skipped: 1 })).toBe(false);
    expect(isComplete("book", { ...c, queued: 1 })).toBe(false);
    expect(isComplete("site", { ...c, failed: 3, skipped: 2 })).toBe(true);
    expect(isComplete("site", { ...c, leased: 1 })).toBe(false);
  });

  it("says what was written and what to do", () => {
    expect(incompleteLine({ mode: "book", file: "book.partial.md", written: 24, total: 100, resumable: true })).toBe(
      "incomplete: wrote book.partial.md (24 of 100 chapters); run again to resume",
    );
    expect(incompleteLine({ mode: "site", file: "p.partial.jsonl", written: 7, total: null, resumable: true })).toBe("incomplete: wrote p.partial.jsonl (7 pages); run again to resume");
    expect(incompleteLine({ mode: "book", file: "b.partial.md", written: 99, total: 100, resumable: false })).toMatch(/\(99 of 100 chapters\); the missing ones failed/);
  });
});
