/**
 * Paths checked before the first request: the output file, its directory, `errors.jsonl`
 * and the state file. Each problem becomes one {@link EnvironmentError} naming the path
 * and the fix — never an `EISDIR` after an hour of crawling, nor a stack trace.
 *
 * Missing directories are created one level at a time (at most {@link MAX_NEW_LEVELS}):
 * Node's recursive `mkdir` never returns on some virtual file systems (`/proc/x/y` spins
 * at full CPU), while a single-level `mkdir` there fails at once with a code we can name.
 * @module
 */
import { closeSync, lstatSync, mkdirSync, openSync, readSync, statSync, unlinkSync, type Stats } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { EnvironmentError } from "../errors.js";

/** Deepest chain of missing directories created for an output (a typo beyond this is not a path). */
export const MAX_NEW_LEVELS = 32;

/** The 16 bytes every SQLite 3 database file starts with. */
const SQLITE_HEADER = "SQLite format 3\0";

/** What a system error code means to a user, in a few words. */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOENT: "no such file or directory",
    ENOTDIR: "a part of the path is a file",
    ENOSPC: "no space left on device",
    EDQUOT: "disk quota exceeded",
    EEXIST: "already exists",
    EISDIR: "is a directory",
    ENAMETOOLONG: "name too long",
    ELOOP: "too many symbolic links",
  };
  return code !== undefined && code in words ? `${words[code]}, ${code}` : String((e as Error)?.message ?? e);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ENOTDIR") return null; // a parent is a file: found while walking up
    throw e;
  }
}

/**
 * Make sure `dir` exists as a writable directory, creating missing levels one at a time.
 * `what` names the path in messages (e.g. `-o out/book.md`).
 *
 * @example
 * ```ts
 * ensureWritableDirectory("out/books", "-o out/books/book.md");
 * ```
 */
export function ensureWritableDirectory(dir: string, what: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let st: Stats | null;
    try {
      st = statOrNull(at);
    } catch (e) {
      throw new EnvironmentError("environment", `${what}: cannot read ${at} (${reason(e)}); choose another path`, { cause: e });
    }
    if (st !== null) {
      if (!st.isDirectory()) throw new EnvironmentError("environment", `${what}: ${at} is a file, not a directory; choose another path or move that file away`);
      break;
    }
    missing.unshift(at);
    if (missing.length > MAX_NEW_LEVELS) throw new EnvironmentError("environment", `${what}: more than ${MAX_NEW_LEVELS} directories to create; check the path`);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST" && statOrNull(level)?.isDirectory()) continue; // made by another run meanwhile
      throw new EnvironmentError("environment", `${what}: cannot create the directory ${level} (${reason(e)}); choose a directory you can write`, { cause: e });
    }
  }
  // Creating a file is the only reliable test: access(W_OK) says yes to root on a
  // read-only mount, and to everyone on /proc.
  const probe = join(dir, `.corio-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    closeSync(openSync(probe, "wx"));
    unlinkSync(probe);
  } catch (e) {
    throw new EnvironmentError("environment", `${what}: cannot write in ${resolve(dir)} (${reason(e)}); choose a directory you can write or fix its permissions`, { cause: e });
  }
}

/** Is `path` itself a symbolic link (dangling ones included)? */
function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false; // absent, or unreadable: statOrNull above has reported that
  }
}

/** What a non-regular file is, in a few words. */
function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a named pipe";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * A file we are about to write must not be a directory (a rename over it fails only
 * after the whole crawl), nor a device, pipe or socket: outputs are written to a temporary
 * file and renamed over the target, so `-o /dev/null` run as root would replace the
 * system's /dev/null with the book (and put errors.jsonl in /dev); nor a symbolic link,
 * which the rename would replace. `example` is a sensible file name to suggest inside a
 * directory.
 */
export function checkFileTarget(path: string, what: string, example: string): void {
  let st: Stats | null;
  try {
    st = statOrNull(path);
  } catch (e) {
    throw new EnvironmentError("environment", `${what}: cannot read ${path} (${reason(e)}); choose another path`, { cause: e });
  }
  if (st?.isDirectory()) throw new EnvironmentError("environment", `${what}: ${path} is a directory; name a file, e.g. ${join(path, example)}`);
  // The rename replaces a link itself, not what it points to: `-o /dev/stdout` (a link to
  // /proc/self/fd/1, a regular file when stdout is redirected) would replace /dev/stdout.
  if (isSymbolicLink(path)) {
    throw new EnvironmentError("environment", `${what}: ${path} is a symbolic link; name a regular file (outputs are written whole, then renamed into place, which would replace the link)`);
  }
  if (st !== null && !st.isFile()) {
    throw new EnvironmentError("environment", `${what}: ${path} is ${kindOf(st)}; name a regular file (outputs are written whole, then renamed into place)`);
  }
}

/**
 * An existing state file must be an SQLite database (the start of its header says so);
 * anything else would only fail later with "file is not a database". With `access:
 * "write"` it must also be writable: SQLite opens a read-only file without complaint and
 * fails only at the first page's commit, with no path in its message.
 */
export function checkStateFile(path: string, access: "read" | "write" = "read"): void {
  checkFileTarget(path, `--state ${path}`, "crawl.db");
  let fd: number;
  try {
    fd = openSync(path, access === "write" ? "r+" : "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return; // created by this run
    throw new EnvironmentError("environment", `cannot open the state file ${path} (${reason(e)}); fix its permissions or use another --state`, { cause: e });
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, head, 0, head.length, 0);
    // An empty file is what SQLite itself creates first; it is a valid, empty database.
    if (n > 0 && head.toString("latin1", 0, n) !== SQLITE_HEADER.slice(0, n)) {
      throw new EnvironmentError(
        "environment",
        `the state file ${path} is not a crawl state (not an SQLite database); delete it, pass --fresh to start over, or use another --state`,
      );
    }
  } finally {
    closeSync(fd);
  }
}
