import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { EnvironmentError } from "../errors.js";
import { loadSqliteDriver, sqliteDriver } from "./sqlite-driver.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A `require` from a folder whose node_modules holds a better-sqlite3 that fails like a bad build. */
function requireWithBrokenDriver(message: string): NodeJS.Require {
  const dir = mkdtempSync(path.join(tmpdir(), "corio-sqlite-driver-"));
  dirs.push(dir);
  const pkg = path.join(dir, "node_modules", "better-sqlite3");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "better-sqlite3", main: "index.js" }));
  writeFileSync(path.join(pkg, "index.js"), `throw new Error(${JSON.stringify(message)});\n`);
  return createRequire(path.join(dir, "index.js"));
}

it("loads the installed better-sqlite3", () => {
  const Database = sqliteDriver();
  const db = new Database(":memory:");
  expect(db.prepare("SELECT 1 + 1 AS two").get()).toEqual({ two: 2 });
  db.close();
  expect(sqliteDriver()).toBe(Database);
});

it.each([
  "The module '/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 127. This version of Node.js requires\nNODE_MODULE_VERSION 115.",
  "Could not locate the bindings file. Tried:\n → /x/node_modules/better-sqlite3/build/better_sqlite3.node",
])("a native module that does not load is one line naming the fix: %s", (cause) => {
  const load = requireWithBrokenDriver(cause);
  let error: unknown;
  try {
    loadSqliteDriver(load);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(EnvironmentError);
  const message = (error as EnvironmentError).message;
  expect(message).not.toContain("\n");
  expect(message).toContain(cause.split("\n")[0]);
  expect(message).toContain("npm rebuild better-sqlite3");
  expect(message).toContain(process.version);
  expect((error as EnvironmentError).code).toBe("environment");
});

it("a missing better-sqlite3 is reported the same way", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "corio-sqlite-driver-"));
  dirs.push(dir);
  expect(() => loadSqliteDriver(createRequire(path.join(dir, "index.js")))).toThrow(/did not load: Cannot find module 'better-sqlite3'.*npm rebuild better-sqlite3/);
});
