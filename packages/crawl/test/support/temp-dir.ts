/**
 * Temporary directories that tests cannot forget: each one made here is removed when its
 * test ends (or, made outside a test, when its file's tests end). `ls /tmp | grep corio`
 * is the same before and after a run.
 *
 * @example
 * ```ts
 * const tempDir = useTempDir("corio-frontier-");
 * it("…", () => { const dir = tempDir(); … }); // removed after the test
 * ```
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, onTestFinished } from "vitest";

const made = new Set<string>();

function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

// Dirs made outside a running test (describe bodies, beforeAll) go when the file is done.
afterAll(() => {
  for (const dir of [...made]) remove(dir);
});

/** A new empty directory under the OS temp dir, removed after the current test. */
export function makeTempDir(prefix = "corio-crawl-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  try {
    onTestFinished(() => remove(dir));
  } catch {
    // not inside a test: the afterAll above removes it
  }
  return dir;
}

/** A factory of temp dirs with this name prefix, each removed after the test that made it. */
export function useTempDir(prefix = "corio-crawl-"): () => string {
  return () => makeTempDir(prefix);
}
