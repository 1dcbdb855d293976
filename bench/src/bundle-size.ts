/**
 * What corio costs a browser page, beside Effection and Effect, measured the same way for
 * all three: esbuild (platform "browser", ESM, minified, tree-shaken), then gzip -9.
 *
 * - "program": the bench's timeout contender (src/contenders/timeout/<lib>.ts) — tasks
 *   each under a timeout, gathered — bundled as an app would: only what it uses.
 * - "library": `export * from "<lib>"` — the whole public API, the ceiling.
 *
 * "corio" resolves through its package.json exports with the browser condition, i.e. to
 * the universal core (dist/core.js; run `npm run build` first).
 *
 * @example
 * npx tsx bench/src/bundle-size.ts
 * @module
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const BENCH = fileURLToPath(new URL("..", import.meta.url));
const LIBS = ["corio", "effection", "effect"] as const;

async function minGzip(build: Pick<esbuild.BuildOptions, "entryPoints" | "stdin">): Promise<{ min: number; gzip: number }> {
  const result = await esbuild.build({
    ...build,
    absWorkingDir: BENCH,
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    logLevel: "silent",
    // Effection's `main()` imports node:process; a browser app never reaches it. Left
    // external (not counted) for every library alike; corio's core has none to leave out.
    external: ["node:*"],
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

async function main(): Promise<void> {
  console.log("library    program min / gzip    library min / gzip   (kB = 1000 bytes)");
  for (const lib of LIBS) {
    const program = await minGzip({ entryPoints: [path.join(BENCH, "src/contenders/timeout", `${lib}.ts`)] });
    const whole = await minGzip({ stdin: { contents: `export * from "${lib}";`, resolveDir: BENCH, loader: "ts" } });
    console.log(`${lib.padEnd(10)} ${kB(program.min).padStart(8)} / ${kB(program.gzip).padStart(5)}    ${kB(whole.min).padStart(8)} / ${kB(whole.gzip).padStart(5)}`);
  }
}

main().catch((e: unknown) => {
  console.error(`bundle-size: ${e instanceof Error ? e.message : String(e)} (is the corio package built? npm run build)`);
  process.exit(1);
});
