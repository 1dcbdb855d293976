import { beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { JsonlWriter, parseJsonl, toJsonLine, type PageRecord } from "./jsonl.js";
import { useTempDir } from "../../test/support/temp-dir.js";

const tempDir = useTempDir("corio-jsonl-");

const record = (i: number): PageRecord => ({
  url: `http://x.com/${i}`,
  finalUrl: `http://x.com/${i}/`,
  status: 200,
  contentType: "text/html; charset=gbk",
  depth: 1,
  title: `页\n${i}`,
  fields: { h: "a", list: ["b", "c"], none: null },
  fetchedAt: "2026-01-01T00:00:00.000Z",
  bytes: 1234,
  replacementChars: 0,
});

describe("toJsonLine / parseJsonl", () => {
  it("one record per line, newlines in strings escaped", () => {
    const line = toJsonLine(record(1));
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(parseJsonl(line + "\n" + toJsonLine(record(2)))).toEqual([record(1), record(2)]);
  });

  it("round-trips any JSON value, lone surrogates and U+2028 included (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.string({ unit: "binary" }), (values, s) => {
        const all = [...values, { s: s + "\u2028\uD800" }];
        const text = all.map(toJsonLine).join("");
        expect(text.split("\n").length).toBe(all.length + 1);
        expect(parseJsonl(text)).toEqual(JSON.parse(JSON.stringify(all)));
      }),
    );
  });

  it("refuses values JSON cannot hold", () => {
    expect(() => toJsonLine(undefined)).toThrow(TypeError);
  });

  it("names the bad line", () => {
    expect(() => parseJsonl('{"a":1}\n{oops\n')).toThrow(/^line 2: /);
  });
});

describe("JsonlWriter", () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir(); // removed after each test
  });

  it("writes records, visible only after commit", async () => {
    const path = join(dir, "pages.jsonl");
    const out = await JsonlWriter.open(path);
    const records = Array.from({ length: 500 }, (_, i) => record(i)); // > 64 KiB: several flushes
    for (const r of records) await out.write(r);
    expect(out.written).toBe(500);
    await expect(readFile(path)).rejects.toMatchObject({ code: "ENOENT" });
    await out.commit();
    expect(parseJsonl(await readFile(path, "utf8"))).toEqual(records);
  });

  it("abort discards everything", async () => {
    const out = await JsonlWriter.open<{ a: number }>(join(dir, "x.jsonl"));
    await out.write({ a: 1 });
    await out.abort();
    expect(await readdir(dir)).toEqual([]);
  });
});
