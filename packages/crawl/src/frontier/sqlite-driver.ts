/**
 * better-sqlite3, loaded on first use — so a crawl that never opens a state file (a
 * shared `--frontier redis://…` crawl, `--help`, the library's parsers) still works when
 * its native module failed to build, and a crawl that needs it fails with one line that
 * names the fix instead of a `dlopen` stack trace at import time.
 *
 * better-sqlite3 ships prebuilt binaries for the common platforms and Node versions; where
 * none fits, `npm install` compiles it, which needs Python and a C++ toolchain. When that
 * failed (or node_modules was installed under another Node version), `require` throws.
 * @module
 */
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { EnvironmentError } from "../errors.js";

/** The better-sqlite3 constructor (`new Database(path, options)`). */
export type SqliteDriver = typeof BetterSqlite3;

let loaded: SqliteDriver | undefined;

/**
 * The better-sqlite3 module, loaded on the first call and kept.
 * @throws {EnvironmentError} when its native module cannot be loaded; the message is one
 *   line naming the cause and the fix.
 *
 * @example
 * ```ts
 * const Database = sqliteDriver();
 * const db = new Database(":memory:");
 * db.close();
 * ```
 */
export function sqliteDriver(): SqliteDriver {
  loaded ??= loadSqliteDriver(createRequire(import.meta.url));
  return loaded;
}

/** Load better-sqlite3 with `load` (tests pass a `require` that resolves a broken copy). */
export function loadSqliteDriver(load: NodeJS.Require): SqliteDriver {
  try {
    return load("better-sqlite3") as SqliteDriver;
  } catch (e) {
    throw new EnvironmentError("environment", sqliteLoadFailure(e), { cause: e });
  }
}

/** The one line printed when better-sqlite3 does not load: what failed, why, and the fix. */
export function sqliteLoadFailure(e: unknown): string {
  const first = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.trim();
  return (
    `the SQLite driver better-sqlite3 (its native module) did not load: ${first}; ` +
    `run \`npm rebuild better-sqlite3\` under the Node that runs corio crawl (${process.version}; building needs python3, make and a C++ compiler when no prebuilt binary fits), ` +
    `or share the crawl through Redis with --frontier redis://…, which needs no state file`
  );
}
