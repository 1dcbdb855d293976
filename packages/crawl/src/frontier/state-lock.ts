/**
 * One run per state file: a lock file `<state>.lock` holding the owner's pid, host and
 * start time. Two runs on one state would re-queue each other's leases and fail on
 * `complete()`; with the lock the second one stops before any request and says who holds
 * it. A lock left by a process that is gone (kill -9, power cut) is taken over.
 *
 * The lock file appears complete or not at all: it is written under a temporary name and
 * hard-linked to its place, and `link` fails if the name exists — the atomic "create if
 * absent" with the content already there. Readers (SQLite in WAL mode) are not blocked:
 * a state in use can still be opened read-only.
 * @module
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { basename } from "node:path";
import { EnvironmentError } from "../errors.js";
import { isAlive } from "../pid-alive.js";

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO 8601 time the run started. */
  started: string;
}

function readOwner(path: string): { text: string; owner: LockOwner | null } | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === "number" && typeof o.host === "string" && typeof o.started === "string") return { text, owner: { pid: o.pid, host: o.host, started: o.started } };
  } catch {
    // unreadable: treated as stale below
  }
  return { text, owner: null };
}

/**
 * Who holds the lock of `statePath` now, if anyone: a live owner on this host, or one on
 * another host (whose liveness cannot be checked from here). A lock of a dead process is
 * no holder.
 *
 * @example
 * ```ts
 * const owner = lockHolder("out/book.crawl.db"); // { pid: 4242, host: "box", started: "…" } or null
 * ```
 */
export function lockHolder(statePath: string): LockOwner | null {
  const owner = readOwner(`${statePath}.lock`)?.owner ?? null;
  if (owner === null) return null;
  return owner.host !== hostname() || isAlive(owner.pid) ? owner : null;
}

/**
 * The lock of one state file, held from {@link StateLock.acquire} to {@link StateLock.release}
 * (also released when the process exits normally, e.g. on a second Ctrl-C).
 *
 * @example
 * ```ts
 * const lock = StateLock.acquire("out/book.crawl.db");
 * try {
 *   // … crawl …
 * } finally {
 *   lock.release();
 * }
 * ```
 */
export class StateLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(
    /** The lock file's path. */
    readonly path: string,
    private readonly content: string,
    /** The dead owner whose lock was taken over, if any. */
    readonly tookOver: LockOwner | null,
  ) {
    process.once("exit", this.onExit);
  }

  /**
   * Take the lock of `statePath`, or throw an {@link EnvironmentError} (`state-in-use`)
   * naming the run that holds it. `stateName` is how the message names the state file.
   */
  static acquire(statePath: string, stateName: string = basename(statePath)): StateLock {
    const path = `${statePath}.lock`;
    const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    const content = `${JSON.stringify(me)}\n`;
    let tookOver: LockOwner | null = null;
    // A few rounds: each failed one removed a stale lock (or saw one vanish) — or lost a race.
    for (let round = 0; round < 3; round++) {
      const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      writeFileSync(temp, content, { flag: "wx" });
      try {
        linkSync(temp, path);
        return new StateLock(path, content, tookOver);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      } finally {
        unlinkSync(temp);
      }
      const held = readOwner(path);
      if (held === null) continue; // released meanwhile
      const { owner } = held;
      if (owner !== null && (owner.host !== me.host || isAlive(owner.pid))) {
        const where = owner.host === me.host ? "" : ` on ${owner.host}`;
        const stale = owner.host === me.host ? "" : ` (if that run is gone, delete ${path})`;
        throw new EnvironmentError(
          "state-in-use",
          `the state file ${stateName} is in use by pid ${owner.pid}${where} (started ${owner.started}); wait for it or use another --state${stale}`,
        );
      }
      // Its owner is dead (or the file is garbage): remove it, unless it changed meanwhile
      // (another starter took it over first — the next round then sees a live owner).
      if (readOwner(path)?.text === held.text) {
        try {
          unlinkSync(path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        }
        tookOver = owner ?? { pid: 0, host: me.host, started: "unknown" };
      }
    }
    throw new EnvironmentError("state-in-use", `the state file ${stateName} is being taken by another run right now; wait for it or use another --state`);
  }

  /** Give the lock back (only if the file is still ours). Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off("exit", this.onExit);
    try {
      if (readFileSync(this.path, "utf8") === this.content) unlinkSync(this.path);
    } catch {
      // already gone: nothing to release
    }
  }
}
