/**
 * Bundle every child (the fixture server and the contenders) to plain ESM with esbuild
 * before a run, so the children start with `node` alone: tsx's loader thread would add
 * about 50 MB to every child's peak RSS and its transform time to the first run. The
 * bundles take corio and corio crawl from their TypeScript source (what the tests run,
 * never a stale dist/), and leave npm packages external (resolved from node_modules).
 * A snapshot also keeps one table from mixing two versions of a file being edited.
 */
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../../..");
export const BUILD_DIR = join(here, ".build");

const sourceAliases: Plugin = {
  name: "corio-source",
  setup(b) {
    b.onResolve({ filter: /^corio$/ }, () => ({ path: join(root, "packages/corio/src/index.ts") }));
    b.onResolve({ filter: /^@corio\/crawl$/ }, () => ({ path: join(root, "packages/crawl/src/index.ts") }));
  },
};

export const CHILDREN = {
  server: "server-child.ts",
  corio: "contenders/corio.ts",
  "corio-dashboard": "contenders/corio-dashboard.ts",
  plain: "contenders/plain.ts",
  crawlee: "contenders/crawlee.ts",
  "fetch-only": "contenders/fetch-only.ts",
  // corio crawl's page worker, bundled on its own: a bundle has no page-job.js beside it,
  // so the corio children are told where it is (CORIO_CRAWL_PAGE_JOB, see page-pool.ts).
  "page-job": "../../../packages/crawl/src/process/page-job.ts",
} as const;

/** Build the bundles; returns the path of each. */
export async function buildChildren(names: readonly (keyof typeof CHILDREN)[]): Promise<Record<string, string>> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const out: Record<string, string> = {};
  await Promise.all(
    names.map(async (name) => {
      // One directory per child, with code splitting: a dynamic import() in the source
      // (the EPUB writer and its zip library, the Redis frontier) stays a lazily loaded
      // chunk as in the product, instead of being inlined with its package imports
      // hoisted to the top of the bundle and loaded on every run.
      const outdir = join(BUILD_DIR, name);
      rmSync(outdir, { recursive: true, force: true }); // no stale chunks from an earlier build
      await build({
        entryPoints: { [name]: join(here, CHILDREN[name]) },
        outdir,
        splitting: true,
        outExtension: { ".js": ".mjs" },
        chunkNames: "chunks/[name]-[hash]",
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        packages: "external",
        sourcemap: "linked",
        logLevel: "error",
        plugins: [sourceAliases],
      });
      out[name] = join(outdir, `${name}.mjs`);
    }),
  );
  return out;
}
