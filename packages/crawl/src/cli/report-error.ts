/**
 * How the CLI ends on an error: one line, and the right exit code. Something the user
 * can fix (an option, a path, a permission, a full disk, a state in use, Redis gone) is
 * exit 1 with a line naming it and the fix. Anything else is our bug: one line
 * `internal error: …` with the path of a file holding the full trace, exit 70
 * (EX_SOFTWARE). An `ExceptionGroup` from a task group is unwrapped into its causes, so it
 * never reaches Node's crash printer; if any cause is the user's to fix, that one is
 * reported.
 * @module
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { CrawlError, EnvironmentError, UsageError } from "../errors.js";

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, usage: 1, failed: 2, internal: 70, interrupted: 130 } as const;

/** System error codes that describe the machine, not the program, with the fix to suggest. */
const SYSTEM_FIXES: Record<string, string> = {
  ENOSPC: "no space left on device; free some space and run again (the crawl resumes)",
  EDQUOT: "disk quota exceeded; free some space and run again (the crawl resumes)",
  EACCES: "permission denied; fix the permissions or choose another path",
  EPERM: "operation not permitted; fix the permissions or choose another path",
  EROFS: "read-only file system; choose a writable path",
  EMFILE: "too many open files; raise the limit (ulimit -n) or lower --concurrency",
  ENFILE: "too many open files on the system; lower --concurrency",
  EIO: "input/output error from the disk; check the device",
  ENOTDIR: "a part of the path is a file, not a directory; choose another path",
  // Paths are checked before the first request, so this is a directory made at the
  // output's name while the crawl ran.
  EISDIR: "is a directory; move it away or choose another path, and run again (the crawl resumes)",
  EFBIG: "file too large for its file system (FAT32 stops at 4 GiB) or for 'ulimit -f'; choose a path on another file system",
  // Paths are checked before the first request, so a missing one later means its
  // directory was removed (or unmounted) while the crawl ran.
  ENOENT: "no such file or directory (was its directory removed during the crawl?); check the path and run again",
};

/** SQLite result codes that describe the machine, with the fix to suggest. */
const SQLITE_FIXES: Record<string, string> = {
  SQLITE_FULL: "the disk holding the state file is full; free some space and run again",
  SQLITE_READONLY: "the state file cannot be written; fix its permissions or use another --state",
  SQLITE_CANTOPEN: "the state file cannot be opened; check its directory and permissions, or use another --state",
  SQLITE_NOTADB: "the state file is not a database; delete it, pass --fresh, or use another --state",
  SQLITE_CORRUPT: "the state file is damaged; delete it or pass --fresh to start over",
  SQLITE_IOERR: "the disk failed while writing the state file; check the device and run again",
};

/**
 * The leaf errors of `e`: the members of (nested) `AggregateError`s such as corio's
 * `ExceptionGroup`, else `e` itself.
 *
 * @example
 * ```ts
 * causes(new AggregateError([new Error("a"), new AggregateError([new Error("b")])])).length; // 2
 * ```
 */
export function causes(e: unknown): unknown[] {
  if (e instanceof AggregateError) return e.errors.length === 0 ? [e] : e.errors.flatMap(causes);
  return [e];
}

/** The one line for an error the user can fix, or `null` when it is a bug of ours. */
export function userLine(e: unknown): string | null {
  if (e instanceof UsageError || e instanceof EnvironmentError) return e.message;
  if (e instanceof CrawlError) {
    if (e.code === "internal" || e.code === "out-of-order") return null;
    return e.code === "frontier-unavailable" ? e.message : `${e.code}: ${e.message}`;
  }
  const err = e as { code?: unknown; name?: unknown; message?: unknown; path?: unknown; syscall?: unknown };
  if (typeof err?.code !== "string") return null;
  if (err.name === "SqliteError" && err.code in SQLITE_FIXES) return `${SQLITE_FIXES[err.code]} (${String(err.message)})`;
  const fix = SYSTEM_FIXES[err.code];
  if (fix === undefined) return null;
  // An ENOENT without a path (a module, a spawn) is ours to explain, not the user's.
  if (err.code === "ENOENT" && typeof err.path !== "string") return null;
  return typeof err.path === "string" ? `${err.path}: ${fix}` : `${String(err.syscall ?? "a file operation")} failed: ${fix}`;
}

/** Where the trace of an internal error goes. */
export function crashFilePath(): string {
  return join(tmpdir(), `corio-crawl-crash-${process.pid}.txt`);
}

/**
 * Print one line for `e` to `stderr` and return the exit code: 1 for what the user can
 * fix, 70 for an internal error (its full trace written to {@link crashFilePath}).
 *
 * @example
 * ```ts
 * const code = reportError(new UsageError("expected an integer", { option: "--retries" }), (t) => process.stderr.write(t));
 * // prints "corio crawl: --retries: expected an integer", code === 1
 * ```
 */
export function reportError(e: unknown, stderr: (text: string) => void, argv: readonly string[] = process.argv.slice(2)): number {
  const all = causes(e);
  for (const c of all) {
    const line = userLine(c);
    if (line !== null) {
      stderr(`corio crawl: ${line}\n`);
      return EXIT.usage;
    }
  }
  const first = all[0] as { message?: unknown } | undefined;
  const summary = String(first?.message ?? first).split("\n")[0];
  const file = crashFilePath();
  const report = [
    `corio crawl internal error, ${new Date().toISOString()}`,
    `node ${process.version} on ${process.platform}-${process.arch}`,
    `argv: ${JSON.stringify(argv)}`,
    "",
    ...all.map((c, i) => `--- cause ${i + 1} of ${all.length} ---\n${inspect(c, { depth: 8 })}`),
    "",
  ].join("\n");
  try {
    writeFileSync(file, report);
    stderr(`corio crawl: internal error: ${summary}; the full trace is in ${file} (please attach it to a bug report)\n`);
  } catch {
    // Nowhere to write it: the trace goes to stderr rather than nowhere.
    stderr(`corio crawl: internal error: ${summary}\n${report}`);
  }
  return EXIT.internal;
}

/**
 * Last-resort handlers for an exception or rejection nothing caught: the same one line
 * and exit code as {@link reportError}, then exit. Installed only when the process has no
 * such handlers of its own (a test runner, an embedding application), so `runCli` called
 * from another program never takes its process down. Returns the uninstaller.
 */
export function installLastResort(stderr: (text: string) => void, exit: (code: number) => void = (c) => process.exit(c)): () => void {
  if (process.listenerCount("uncaughtException") > 0 || process.listenerCount("unhandledRejection") > 0) return () => {};
  const handler = (e: unknown) => exit(reportError(e, stderr));
  process.on("uncaughtException", handler);
  process.on("unhandledRejection", handler);
  return () => {
    process.off("uncaughtException", handler);
    process.off("unhandledRejection", handler);
  };
}
