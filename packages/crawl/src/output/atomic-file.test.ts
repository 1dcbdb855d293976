import { beforeEach, describe, expect, it, vi } from "vitest";
import { mkdir, open, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { AtomicFile, writeChunksAtomic, writeFileAtomic } from "./atomic-file.js";
import { useTempDir } from "../../test/support/temp-dir.js";

const tempDir = useTempDir("corio-atomic-");

let dir: string;
beforeEach(() => {
  dir = tempDir(); // removed after each test
});

/** FileHandle's prototype (node:fs/promises does not export the class), to fail one of its calls. */
async function fileHandlePrototype(): Promise<{ writeFile: (...args: unknown[]) => Promise<void>; datasync: () => Promise<void> }> {
  const probe = await open(join(dir, "probe"), "w");
  await probe.close();
  await rm(join(dir, "probe"));
  return Object.getPrototypeOf(probe) as { writeFile: (...args: unknown[]) => Promise<void>; datasync: () => Promise<void> };
}

describe("AtomicFile", () => {
  it("is invisible until commit, then holds every write in order", async () => {
    const path = join(dir, "out.txt");
    const f = await AtomicFile.open(path);
    await f.write("héllo ");
    await f.write(new TextEncoder().encode("wörld"));
    await f.write("");
    await expect(readFile(path)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readdir(dir)).toEqual([expect.stringMatching(/^\.out\.txt\.\d+\.[0-9a-f]+\.tmp$/)]);
    await f.commit();
    expect(await readFile(path, "utf8")).toBe("héllo wörld");
    expect(await readdir(dir)).toEqual(["out.txt"]);
  });

  it("replaces an existing file only on commit", async () => {
    const path = join(dir, "book.md");
    await writeFile(path, "old");
    const f = await AtomicFile.open(path);
    await f.write("new");
    expect(await readFile(path, "utf8")).toBe("old");
    await f.commit();
    expect(await readFile(path, "utf8")).toBe("new");
  });

  it("abort leaves the old file and no temp file", async () => {
    const path = join(dir, "book.md");
    await writeFile(path, "old");
    const f = await AtomicFile.open(path);
    await f.write("partial");
    await f.abort();
    await f.abort();
    expect(await readFile(path, "utf8")).toBe("old");
    expect(await readdir(dir)).toEqual(["book.md"]);
  });

  it("commits to another name of the same directory, and only there", async () => {
    const path = join(dir, "book.md");
    const f = await AtomicFile.open(path);
    await f.write("half a book");
    await expect(f.commit(join(dir, "sub", "book.partial.md"))).rejects.toThrow(/not the same directory/);
    await f.commit(join(dir, "book.partial.md"));
    expect(await readdir(dir)).toEqual(["book.partial.md"]);
    expect(await readFile(join(dir, "book.partial.md"), "utf8")).toBe("half a book");
  });

  it("syncAhead flushes in the background; the commit still holds every write", async () => {
    const path = join(dir, "book.md");
    const f = await AtomicFile.open(path);
    await f.write("first ");
    f.syncAhead();
    f.syncAhead(); // while one runs: a no-op
    await f.write("second");
    await f.commit();
    expect(await readFile(path, "utf8")).toBe("first second");
    expect(await readdir(dir)).toEqual(["book.md"]);
  });

  it("a background flush that failed fails the commit, and leaves the old file and no temp file", async () => {
    const path = join(dir, "book.md");
    await writeFile(path, "old");
    const f = await AtomicFile.open(path);
    await f.write("new");
    const eio = Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO", syscall: "fdatasync" });
    // Only the background flush fails: a kernel reports a writeback error once, so the
    // commit's own flush would succeed although the data may be lost.
    const spy = vi.spyOn(await fileHandlePrototype(), "datasync").mockRejectedValueOnce(eio);
    try {
      f.syncAhead();
      await expect(f.commit()).rejects.toMatchObject({ code: "EIO", path });
    } finally {
      spy.mockRestore();
    }
    expect(await readFile(path, "utf8")).toBe("old");
    expect(await readdir(dir)).toEqual(["book.md"]);
  });

  it("abort waits for a background flush and leaves no temp file", async () => {
    const path = join(dir, "book.md");
    const f = await AtomicFile.open(path);
    await f.write("partial");
    f.syncAhead();
    await f.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it("removeStale drops what a dead process left beside the target, nothing else", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!; // exited: its pid is gone
    const names = [`.book.md.${dead}.0a1b2c3d4e5f.tmp`, `.book.md.${process.ppid}.0a1b2c3d4e5f.tmp`, `.other.md.${dead}.0a1b2c3d4e5f.tmp`, "book.md"];
    for (const name of names) await writeFile(join(dir, name), "x");
    const mine = await AtomicFile.open(join(dir, "book.md"));
    await AtomicFile.removeStale(join(dir, "book.md"));
    expect((await readdir(dir)).sort()).toEqual([names[1], names[2], names[3], mine.tempPath.slice(dir.length + 1)].sort());
    await mine.abort();
  });

  it("refuses use after commit", async () => {
    const f = await AtomicFile.open(join(dir, "x"));
    await f.commit();
    await expect(f.write("more")).rejects.toThrow(/already committed or aborted/);
    await expect(f.commit()).rejects.toThrow(/already committed or aborted/);
    await f.abort(); // harmless
  });

  it("fails to open in a missing directory", async () => {
    await expect(AtomicFile.open(join(dir, "nope", "x"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("two writers to one path do not share a temp file", async () => {
    const path = join(dir, "x");
    const [a, b] = await Promise.all([AtomicFile.open(path), AtomicFile.open(path)]);
    expect(a.tempPath).not.toBe(b.tempPath);
    await a.write("a");
    await b.write("b");
    await a.commit();
    await b.commit();
    expect(await readFile(path, "utf8")).toBe("b");
  });
});

describe("a system error names the file the user chose, not the temp file", () => {
  it("a directory made at the target's name before the rename", async () => {
    const path = join(dir, "book.md");
    const f = await AtomicFile.open(path);
    await f.write("text");
    await mkdir(join(path, "child"), { recursive: true });
    await expect(f.commit()).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/), path });
    expect((await readdir(dir)).sort()).toEqual(["book.md"]); // no temp file left
  });

  it("a directory removed before the file is opened", async () => {
    const path = join(dir, "gone", "pages.jsonl");
    await expect(AtomicFile.open(path)).rejects.toMatchObject({ code: "ENOENT", path });
  });

  it("a full disk at write time (the handle's error carries no path)", async () => {
    const path = join(dir, "pages.jsonl");
    const f = await AtomicFile.open(path);
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" });
    const spy = vi.spyOn(await fileHandlePrototype(), "writeFile").mockRejectedValue(full);
    try {
      await expect(f.write("{}\n")).rejects.toMatchObject({ code: "ENOSPC", path });
    } finally {
      spy.mockRestore();
    }
    await f.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it("an error that is not a system error passes unchanged", async () => {
    const path = join(dir, "x.md");
    const source = (async function* () {
      yield "a";
      throw new Error("source broke");
    })();
    const e = await writeChunksAtomic(path, source).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toHaveProperty("path");
  });
});

describe("writeFileAtomic", () => {
  it("writes a whole file", async () => {
    const path = join(dir, "w.txt");
    await writeFileAtomic(path, "第一章");
    await writeFileAtomic(path, "第二章");
    expect(await readFile(path, "utf8")).toBe("第二章");
    expect(await readdir(dir)).toEqual(["w.txt"]);
  });

  it("cleans up when the rename fails", async () => {
    const target = join(dir, "adir");
    await writeFile(join(dir, "keep"), "k");
    await import("node:fs/promises").then((fs) => fs.mkdir(join(target, "child"), { recursive: true }));
    // Renaming a file over a non-empty directory fails.
    await expect(writeFileAtomic(target, "x")).rejects.toBeTruthy();
    expect((await readdir(dir)).sort()).toEqual(["adir", "keep"]);
  });
});

describe("writeChunksAtomic", () => {
  it("writes every chunk in order, across the 64 KiB batches", async () => {
    const path = join(dir, "big.txt");
    const line = "x".repeat(1000) + "\n";
    await writeChunksAtomic(path, (async function* () { for (let i = 0; i < 200; i++) yield `${i}:${line}`; })());
    const text = await readFile(path, "utf8");
    expect(text.split("\n").filter(Boolean).map((l) => Number(l.split(":")[0]))).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("leaves neither the file nor a temp file when the source throws midway", async () => {
    const path = join(dir, "failed.txt");
    const source = (async function* () {
      yield "a".repeat(100_000);
      throw new Error("source broke");
    })();
    await expect(writeChunksAtomic(path, source)).rejects.toThrow("source broke");
    expect(await readdir(dir)).toEqual([]);
  });
});
