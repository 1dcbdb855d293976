/**
 * Files that appear complete or not at all: data goes to a temporary file in the target's
 * directory (same file system, so the rename is atomic), is fsynced, then renamed over
 * the target, and the directory is fsynced so the rename itself survives a crash. A kill
 * at any instant leaves either the old file or the new one, plus at worst a stray
 * `.name.*.tmp` that the next write ignores.
 *
 * The streaming {@link AtomicFile} is the primitive (site-mode JSONL can be large);
 * {@link writeFileAtomic} is the one-shot helper over it.
 *
 * A system error on the way (a full disk, a read-only or vanished directory, a directory
 * made at the target's name) names the target in its `path`: the user never chose the
 * temporary name, so the one-line report must name the file they did.
 * @module
 */
import { randomBytes } from "node:crypto";
import { open, readdir, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isAlive } from "../pid-alive.js";

/** A file being written; invisible at its path until {@link AtomicFile.commit}. */
export class AtomicFile {
  // Invariant: handle !== null ⇔ neither commit nor abort has started.
  private handle: FileHandle | null;
  /** The background flush {@link syncAhead} started, while it runs. */
  private ahead: Promise<void> | null = null;
  /** Why a background flush failed: the commit throws it (the data may not be on disk). */
  private aheadError: unknown = undefined;

  private constructor(
    /** The final path. */
    readonly path: string,
    /** The temporary path the data goes to first. */
    readonly tempPath: string,
    handle: FileHandle,
  ) {
    this.handle = handle;
  }

  /**
   * Create the temporary file next to `path` (the directory must exist).
   *
   * @example
   * ```ts
   * const f = await AtomicFile.open("out/pages.jsonl");
   * await f.write('{"url":"…"}\n');
   * await f.commit();
   * ```
   */
  static async open(path: string): Promise<AtomicFile> {
    const tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    return new AtomicFile(path, tempPath, await open(tempPath, "wx").catch(aboutTarget(path)));
  }

  /**
   * Remove the temporary files a killed process left beside `path` (`kill -9` while it
   * wrote; the pid in their names is gone). A running process's files are left alone.
   *
   * @example
   * ```ts
   * await AtomicFile.removeStale("out/book.md"); // drops out/.book.md.4242.5f1c2a9b8e7d.tmp if pid 4242 is gone
   * ```
   */
  static async removeStale(path: string): Promise<void> {
    const prefix = `.${basename(path)}.`;
    const names = await readdir(dirname(path)).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
      const pid = Number(name.slice(prefix.length).split(".")[0]);
      if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
      await unlink(join(dirname(path), name)).catch(() => {});
    }
  }

  /** Append data (strings as UTF-8). */
  async write(data: string | Uint8Array): Promise<void> {
    const handle = this.live("write");
    if (typeof data === "string") await handle.writeFile(data, "utf8").catch(aboutTarget(this.path));
    else await handle.writeFile(data).catch(aboutTarget(this.path));
  }

  /**
   * Start flushing what was written so far to disk, in the background (a no-op while the
   * last one runs), so that {@link commit}'s own flush has only the rest to wait for: a
   * book written during the crawl is ~18 MB at its end, and flushing it all then took
   * 14 ms of the crawl's last 27. A failure is kept and thrown by the commit, which must
   * not pass a second flush that a kernel reporting the error once would let succeed.
   *
   * @example
   * ```ts
   * const f = await AtomicFile.open("out/book.md");
   * await f.write(bigChunk);
   * f.syncAhead();           // the disk works while more is produced
   * await f.commit();
   * ```
   */
  syncAhead(): void {
    const handle = this.live("sync");
    if (this.ahead !== null) return;
    this.ahead = handle.datasync().then(
      () => {
        this.ahead = null;
      },
      (e: unknown) => {
        this.ahead = null;
        this.aheadError ??= e;
      },
    );
  }

  /**
   * Flush to disk and move into place, replacing any previous file. `to` puts it at
   * another path of the same directory instead (a book found incomplete at the end goes
   * to its `.partial` twin).
   */
  async commit(to: string = this.path): Promise<void> {
    if (dirname(to) !== dirname(this.path)) throw new Error(`cannot commit ${this.path} to ${to}: not the same directory`);
    const handle = this.live("commit");
    this.handle = null;
    try {
      await this.ahead;
      if (this.aheadError !== undefined) throw this.aheadError;
      await handle.sync();
      await handle.close();
      await rename(this.tempPath, to);
    } catch (e) {
      await handle.close().catch(() => {});
      await unlink(this.tempPath).catch(() => {});
      throw retold(e, to);
    }
    await syncDirectory(dirname(to));
  }

  /** Drop the temporary file; the target is untouched. Safe to call after commit. */
  async abort(): Promise<void> {
    const handle = this.handle;
    if (handle === null) return;
    this.handle = null;
    await this.ahead; // never rejects; the file is not closed under it
    await handle.close().catch(() => {});
    await unlink(this.tempPath).catch(() => {});
  }

  private live(op: string): FileHandle {
    if (this.handle === null) throw new Error(`cannot ${op} ${this.path}: the atomic file was already committed or aborted`);
    return this.handle;
  }
}

/**
 * Write a whole file atomically; on error the previous content stays and no temp file
 * is left.
 *
 * @example
 * ```ts
 * await writeFileAtomic("out/book.md", markdown);
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const file = await AtomicFile.open(path);
  try {
    await file.write(data);
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
}

/**
 * `e` pointed at `target` when it is a system error (one with an errno `code`): a write on
 * a file handle carries no path at all, and open and rename carry the temporary one.
 */
function retold(e: unknown, target: string): unknown {
  if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string") (e as NodeJS.ErrnoException).path = target;
  return e;
}

/** A `.catch` handler rethrowing {@link retold}. */
const aboutTarget =
  (target: string) =>
  (e: unknown): never => {
    throw retold(e, target);
  };

async function syncDirectory(dir: string): Promise<void> {
  // Not every platform lets a directory be opened for fsync (Windows); the rename is
  // still atomic there, only its durability across a power cut is weaker.
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * Streams `chunks` into `path` atomically, writing in batches of about 64 KiB: the file
 * appears complete at the end or, if anything throws, not at all. `into`: an atomic file
 * of the same directory that holds the beginning already; it is continued and committed
 * at `path` (or aborted).
 * @example await writeChunksAtomic("out/pages.jsonl", lines());
 */
export async function writeChunksAtomic(path: string, chunks: AsyncIterable<string>, into?: AtomicFile): Promise<void> {
  const file = into ?? (await AtomicFile.open(path));
  // One batch is written while the next is built: producing the chunks (a book's chapters
  // read back from the state file) overlaps the disk instead of waiting for it.
  let writing: Promise<void> = Promise.resolve();
  try {
    let buffer = "";
    for await (const chunk of chunks) {
      buffer += chunk;
      if (buffer.length > 64 * 1024) {
        await writing;
        writing = file.write(buffer);
        writing.catch(() => {}); // settled before the next write, the commit or the abort, which report it
        buffer = "";
      }
    }
    await writing;
    await file.write(buffer);
    await file.commit(path);
  } catch (e) {
    await writing.catch(() => {}); // no abort under a write still in flight
    await file.abort();
    throw e;
  }
}
