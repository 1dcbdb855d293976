/**
 * Builds the browser example the way an app would: esbuild bundles app.ts for the
 * browser, resolving "corio" through its package.json `exports` (the "browser" condition
 * picks the universal core, dist/core.js). Writes app.js and index.html to `outDir`.
 *
 * @example
 * npx tsx examples/browser/build.ts /tmp/corio-browser   # then serve that folder
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Bundles the example into `outDir`; returns the size of app.js in bytes. */
export async function buildBrowserExample(outDir: string): Promise<number> {
  fs.mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [path.join(HERE, "app.ts")],
    outfile: path.join(outDir, "app.js"),
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    logLevel: "silent",
    metafile: true,
  });
  fs.copyFileSync(path.join(HERE, "index.html"), path.join(outDir, "index.html"));
  return result.metafile.outputs[path.relative(process.cwd(), path.join(outDir, "app.js"))]?.bytes ?? fs.statSync(path.join(outDir, "app.js")).size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  if (outDir === undefined) {
    console.error("usage: npx tsx examples/browser/build.ts OUT_DIR");
    process.exit(2);
  }
  buildBrowserExample(outDir).then(
    (bytes) => console.log(`built ${path.join(outDir, "app.js")} (${bytes} bytes) and index.html`),
    (e: unknown) => {
      console.error(`build failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
