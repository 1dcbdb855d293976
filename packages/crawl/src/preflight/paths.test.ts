import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { EnvironmentError } from "../errors.js";
import { MAX_NEW_LEVELS, checkFileTarget, checkStateFile, ensureWritableDirectory } from "./paths.js";
import { useTempDir } from "../../test/support/temp-dir.js";

const tempDir = useTempDir("corio-preflight-");
const Database = createRequire(import.meta.url)("better-sqlite3") as typeof import("better-sqlite3");

/** The EnvironmentError `fn` throws (fails the test if it throws anything else, or nothing). */
function envError(fn: () => void): EnvironmentError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EnvironmentError);
    return e as EnvironmentError;
  }
  throw new Error("expected an EnvironmentError");
}

describe("ensureWritableDirectory", () => {
  it("creates the missing levels and leaves no probe file", () => {
    const dir = join(tempDir(), "a", "b", "c");
    ensureWritableDirectory(dir, "-o x");
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("names the file standing where a directory should be", () => {
    const root = tempDir();
    writeFileSync(join(root, "afile"), "");
    const e = envError(() => ensureWritableDirectory(join(root, "afile", "sub"), "-o afile/sub/pages.jsonl"));
    expect(e.message).toBe(`-o afile/sub/pages.jsonl: ${join(root, "afile")} is a file, not a directory; choose another path or move that file away`);
    expect(existsSync(join(root, "afile", "sub"))).toBe(false);
  });

  it.skipIf(!existsSync("/proc/self"))("fails at once, naming the level, where mkdir cannot create (/proc, where recursive mkdir spins)", () => {
    const e = envError(() => ensureWritableDirectory("/proc/x/y", "-o /proc/x/y/pages.jsonl"));
    expect(e.message).toMatch(/^-o \/proc\/x\/y\/pages\.jsonl: cannot create the directory \/proc\/x \(.*\); choose a directory you can write$/);
  });

  it("refuses more than MAX_NEW_LEVELS new directories", () => {
    const root = tempDir();
    const deep = join(root, ...Array.from({ length: MAX_NEW_LEVELS + 1 }, (_, i) => `d${i}`));
    expect(envError(() => ensureWritableDirectory(deep, "-o deep")).message).toMatch(/more than 32 directories/);
    expect(readdirSync(root)).toEqual([]);
  });

  // Root ignores mode bits, so this runs only as another user; the file-in-path and /proc
  // cases cover the refusal path for root.
  it.skipIf(process.getuid?.() === 0)("refuses a directory it cannot write", () => {
    const dir = join(tempDir(), "ro");
    mkdirSync(dir, { mode: 0o500 });
    expect(envError(() => ensureWritableDirectory(dir, "-o ro/x")).message).toMatch(/cannot write in .*permission denied, EACCES/);
  });
});

describe("checkFileTarget and checkStateFile", () => {
  it("an existing directory is no file name", () => {
    const dir = tempDir();
    expect(envError(() => checkFileTarget(dir, `-o ${dir}`, "pages.jsonl")).message).toBe(`-o ${dir}: ${dir} is a directory; name a file, e.g. ${join(dir, "pages.jsonl")}`);
    expect(() => checkFileTarget(join(dir, "new.jsonl"), "-o", "x")).not.toThrow();
  });

  it("a device or a pipe is no output: writing it whole and renaming would replace it", () => {
    if (existsSync("/dev/null")) {
      // Only stat()ed: checkFileTarget never opens or writes what it checks.
      expect(envError(() => checkFileTarget("/dev/null", "-o /dev/null", "book.md")).message).toBe(
        "-o /dev/null: /dev/null is a character device; name a regular file (outputs are written whole, then renamed into place)",
      );
      expect(envError(() => checkStateFile("/dev/null")).message).toMatch(/^--state \/dev\/null: \/dev\/null is a character device;/);
    }
    const fifo = join(tempDir(), "pipe");
    if (spawnSync("mkfifo", [fifo]).status === 0) {
      expect(envError(() => checkFileTarget(fifo, `-o ${fifo}`, "pages.jsonl")).message).toBe(`-o ${fifo}: ${fifo} is a named pipe; name a regular file (outputs are written whole, then renamed into place)`);
    }
    const file = join(tempDir(), "pages.jsonl");
    writeFileSync(file, "old\n");
    expect(() => checkFileTarget(file, `-o ${file}`, "pages.jsonl")).not.toThrow();
  });

  it("a symbolic link is no output, even to a regular file or to nothing: the rename would replace the link (think -o /dev/stdout)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "real.jsonl"), "");
    symlinkSync(join(dir, "real.jsonl"), join(dir, "link.jsonl"));
    symlinkSync(join(dir, "nowhere"), join(dir, "dangling.jsonl"));
    for (const name of ["link.jsonl", "dangling.jsonl"]) {
      const path = join(dir, name);
      expect(envError(() => checkFileTarget(path, `-o ${path}`, "pages.jsonl")).message).toBe(
        `-o ${path}: ${path} is a symbolic link; name a regular file (outputs are written whole, then renamed into place, which would replace the link)`,
      );
    }
    if (existsSync("/dev/stdout")) expect(envError(() => checkFileTarget("/dev/stdout", "-o /dev/stdout", "pages.jsonl")).message).toMatch(/^-o \/dev\/stdout: \/dev\/stdout is (a symbolic link|a character device|a named pipe);/);
  });

  // root may write any file, so only another user sees the refusal.
  it.skipIf(process.getuid?.() === 0)("a state file the user cannot write is refused for a crawl, still read for status", () => {
    const state = join(tempDir(), "book.crawl.db");
    const db = new Database(state);
    db.exec("CREATE TABLE t (x)");
    db.close();
    chmodSync(state, 0o444);
    expect(() => checkStateFile(state)).not.toThrow();
    expect(envError(() => checkStateFile(state, "write")).message).toBe(`cannot open the state file ${state} (permission denied, EACCES); fix its permissions or use another --state`);
  });

  it("accepts an absent, empty or SQLite state file and refuses anything else", () => {
    const dir = tempDir();
    const state = join(dir, "book.crawl.db");
    expect(() => checkStateFile(state)).not.toThrow();
    writeFileSync(state, "");
    expect(() => checkStateFile(state)).not.toThrow();
    const db = new Database(state);
    db.exec("CREATE TABLE t (x)");
    db.close();
    expect(() => checkStateFile(state)).not.toThrow();
    writeFileSync(state, "this is not a database, just some text\n");
    expect(envError(() => checkStateFile(state)).message).toBe(
      `the state file ${state} is not a crawl state (not an SQLite database); delete it, pass --fresh to start over, or use another --state`,
    );
  });
});
