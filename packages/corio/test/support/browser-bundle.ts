/**
 * Bundles a program that imports "corio" the way a browser app's bundler would: esbuild,
 * platform "browser", resolving "corio" through the package's `exports` map. The map
 * must send it to the universal core (dist/core.js); the bundle is then built from the
 * matching source (src/core.ts), so a test sees the code as it is now, not the last build.
 *
 * Every Node built-in the bundle tries to import is recorded instead of failing the build,
 * so a test can name the offending import.
 * @module
 */
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const PACKAGE = fileURLToPath(new URL("../..", import.meta.url));
const BUILTINS = new Set(builtinModules);

export interface BrowserBundle {
  /** The bundled JavaScript. */
  code: string;
  /** Where the exports map sent "corio" (relative to packages/corio). */
  resolvedCorio: string;
  /** Node built-ins the program reached, with the file that imported each. */
  nodeImports: { module: string; importer: string }[];
  /** Every source file in the bundle, relative to packages/corio. */
  inputs: string[];
}

/** Bundles `source` (a module that imports "corio") for the browser; `format` "iife" runs in a page as a classic script. */
export async function bundleForBrowser(source: string, options: { format?: "esm" | "iife"; minify?: boolean } = {}): Promise<BrowserBundle> {
  const nodeImports: { module: string; importer: string }[] = [];
  let resolvedCorio = "";
  const plugin: esbuild.Plugin = {
    name: "corio-from-source",
    setup(build) {
      build.onResolve({ filter: /^corio(\/.*)?$/ }, async (args) => {
        if (args.pluginData === "real") return undefined;
        const real = await build.resolve(args.path, { kind: args.kind, resolveDir: PACKAGE, pluginData: "real" });
        if (real.errors.length > 0) return { errors: real.errors };
        resolvedCorio = path.relative(PACKAGE, real.path);
        const src = real.path.replace(`${path.sep}dist${path.sep}`, `${path.sep}src${path.sep}`).replace(/\.js$/, ".ts");
        return { path: src };
      });
      build.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, "");
        if (args.path.startsWith("node:") || BUILTINS.has(bare)) {
          nodeImports.push({ module: args.path, importer: path.relative(PACKAGE, args.importer) });
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: PACKAGE, loader: "ts", sourcefile: "program.ts" },
    bundle: true,
    platform: "browser",
    format: options.format ?? "esm",
    minify: options.minify ?? false,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [plugin],
  });
  const inputs = Object.keys(result.metafile.inputs).map((p) => path.relative(PACKAGE, path.resolve(PACKAGE, p)));
  return { code: result.outputFiles[0]!.text, resolvedCorio, nodeImports, inputs };
}
