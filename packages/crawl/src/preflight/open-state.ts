/**
 * Everything between resolved options and an open, locked state file, before the first
 * request: the output's directory exists and is writable, the output and `errors.jsonl`
 * are not directories, the state file is one (or absent), its lock is ours, then
 * `--fresh` / `--resume` apply and the SQLite file opens. Each failure is one
 * {@link EnvironmentError} or {@link UsageError} line.
 * @module
 */
import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { EnvironmentError, UsageError } from "../errors.js";
import type { CrawlOptions } from "../options.js";
import { SqliteFrontier } from "../frontier/sqlite-frontier.js";
import { StateLock } from "../frontier/state-lock.js";
import { checkFileTarget, checkStateFile, ensureWritableDirectory } from "./paths.js";
import { partialPath } from "../output/partial.js";

/**
 * The output side, shared by local and Redis crawls: the directory exists and can be
 * written, and neither the output, its `.partial` twin nor `errors.jsonl` is a directory.
 *
 * @example
 * ```ts
 * prepareOutput(resolveOptions({ mode: "site", startUrls: ["https://example.com/"], output: "out/pages.jsonl" }));
 * ```
 */
export function prepareOutput(options: Pick<CrawlOptions, "output" | "errorsFile" | "mode">): void {
  const what = `-o ${options.output}`;
  if (/[/\\]$/.test(options.output)) {
    throw new EnvironmentError("environment", `${what}: names a directory; name a file, e.g. ${join(options.output, options.mode === "book" ? "book.md" : "pages.jsonl")}`);
  }
  checkFileTarget(options.output, what, options.mode === "book" ? "book.md" : "pages.jsonl");
  ensureWritableDirectory(dirname(options.output), what);
  checkFileTarget(partialPath(options.output), what, "x");
  checkFileTarget(options.errorsFile, what, "x");
}

/** Is this a better-sqlite3 error with that code? */
function sqliteCode(e: unknown): string | undefined {
  return (e as { name?: string }).name === "SqliteError" ? String((e as { code?: unknown }).code) : undefined;
}

/**
 * Check the paths, lock the state file and open it. The lock is released when the
 * returned frontier is closed (or the process exits).
 *
 * @example
 * ```ts
 * const frontier = openState(resolveOptions({ mode: "book", startUrls: ["http://x.com/book/"], output: "out/book.md" }));
 * await frontier.close();
 * ```
 */
export function openState(options: CrawlOptions, note: (text: string) => void = () => {}): SqliteFrontier {
  prepareOutput(options);
  const state = options.state;
  checkFileTarget(state, `--state ${state}`, "crawl.db");
  ensureWritableDirectory(dirname(state), `--state ${state}`);
  const lock = StateLock.acquire(state);
  try {
    if (lock.tookOver !== null) {
      // pid 0 marks a lock file that could not be read (truncated by a crash, edited by hand).
      const from = lock.tookOver.pid === 0 ? "an unreadable lock file" : `pid ${lock.tookOver.pid}, which is no longer running`;
      note(`took over the lock of ${state} from ${from}`);
    }
    const exists = existsSync(state);
    if (options.fresh && exists) for (const suffix of ["", "-wal", "-shm"]) rmSync(state + suffix, { force: true });
    else if (options.resume && !exists) {
      throw new UsageError(`no state file at ${state} to resume; run without --resume to start, or pass --state`, { option: "--resume" });
    }
    if (!options.fresh) checkStateFile(state, "write");
    try {
      return SqliteFrontier.open(state, lock);
    } catch (e) {
      // A state this run began (absent before) is removed again, so a failed start leaves
      // nothing behind — on a full disk, three useless files.
      if (!exists || options.fresh) for (const suffix of ["", "-wal", "-shm"]) rmSync(state + suffix, { force: true });
      const code = sqliteCode(e);
      if (code === "SQLITE_FULL") {
        throw new EnvironmentError("environment", `the disk holding the state file ${state} is full (${(e as Error).message}); free some space, or use another --state`, { cause: e });
      }
      // On a nearly full disk SQLite may fail to size its shared-memory file before it
      // can say "full": an I/O error at open is most often that.
      if (code?.startsWith("SQLITE_IOERR")) {
        throw new EnvironmentError("environment", `the disk holding the state file ${state} failed (${(e as Error).message}); check that it has free space and works, or use another --state`, { cause: e });
      }
      if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
        throw new EnvironmentError("environment", `the state file ${state} is damaged (${(e as Error).message}); delete it, pass --fresh to start over, or use another --state`, { cause: e });
      }
      if (code !== undefined) throw new EnvironmentError("environment", `cannot open the state file ${state} (${(e as Error).message}); check the path and its permissions, or use another --state`, { cause: e });
      throw e;
    }
  } catch (e) {
    lock.release();
    throw e;
  }
}
