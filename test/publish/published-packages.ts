/**
 * The packages this repository publishes, and what `npm pack` would put in their tarballs —
 * shared by the publish tests.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The published packages' folders, relative to the repository. */
export const PUBLISHED = ["packages/corio", "packages/crawl"] as const;

/** The parts of package.json the publish tests look at. */
export interface Manifest {
  name: string;
  version: string;
  type?: string;
  license?: string;
  main?: string;
  types?: string;
  exports?: unknown;
  bin?: string | Record<string, string>;
  files?: string[];
  engines?: Record<string, string>;
  sideEffects?: boolean | string[];
  repository?: { type?: string; url?: string; directory?: string };
  publishConfig?: { access?: string; provenance?: boolean };
  dependencies?: Record<string, string>;
}

/** A published package's package.json. */
export function manifestOf(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(ROOT, dir, "package.json"), "utf8")) as Manifest;
}

/**
 * The paths `npm pack` puts in `dir`'s tarball (it reads `files`, .npmignore and npm's
 * always-included names), from `npm pack --dry-run --json`. Scripts are not run, so the
 * built `dist` is packed as it is.
 */
export async function packedFiles(dir: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: path.join(ROOT, dir),
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout) as [{ files: { path: string }[] }];
  return report.files.map((f) => f.path).sort();
}
