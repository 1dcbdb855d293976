/**
 * `npm run test:runtimes [bun|deno|chromium …]`: corio's core tests (runtimes.ts names the
 * subset) on Bun, Deno and headless Chromium — the runtimes vitest does not run on.
 *
 * Each runtime gets one esbuild bundle of the test files, with "vitest" pointing at
 * vitest-shim.ts (vitest's own assertions, our small collector), and "corio" at the entry a
 * user of that runtime gets: the Node layer for Bun and Deno (they run Node's APIs), the
 * universal core for the browser. Bun and Deno run the bundle as a script; Chromium opens a
 * page served on 127.0.0.1 that loads it. Every test prints one `CORIO-TEST {json}` line.
 *
 * Prints the counts per runtime and every failure; exits 1 when a test failed or a runtime
 * is missing (CORIO_RUNTIMES_OPTIONAL=chromium,… lets named runtimes be absent: they are
 * reported as skipped, with why).
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { chromiumSkipReason, launchChromium } from "../support/chromium.js";
import { CORE_TEST_DIRS, FILE_SKIPS, RUNTIMES, TEST_SKIPS, type Runtime } from "./runtimes.js";
import type { Outcome } from "./vitest-shim.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SRC = path.join(ROOT, "packages/corio/src");
const SHIM = fileURLToPath(new URL("./vitest-shim.ts", import.meta.url));
const RUN_TIMEOUT_MS = Number(process.env["CORIO_RUNTIMES_TIMEOUT_MS"] ?? 240_000);
const MARK = "CORIO-TEST ";
const DONE = "CORIO-DONE";

/** A runtime's binary from the root devDependencies (npm packages `bun` and `deno`). */
function binary(name: "bun" | "deno"): string | null {
  const bin = path.join(ROOT, "node_modules/.bin", name);
  return existsSync(bin) ? bin : null;
}

function testFiles(runtime: Runtime): { file: string; skipped?: string }[] {
  return CORE_TEST_DIRS.flatMap((dir) =>
    readdirSync(path.join(SRC, dir))
      .filter((f) => f.endsWith(".test.ts"))
      .sort()
      .map((f) => {
        const file = `${dir}/${f}`;
        const skipped = FILE_SKIPS[runtime][file];
        return skipped === undefined ? { file } : { file, skipped };
      }),
  );
}

/**
 * The bundle's entry: collect every file's tests, then run them, printing each outcome.
 * Static imports only, so the bundle keeps ESM's evaluation order (a dynamic import would
 * make esbuild wrap modules in lazy initialisers, which break corio's import cycle). Each
 * test file is preceded by a tiny virtual module that names it to the collector.
 */
function entrySource(runtime: Runtime): string {
  const lines = [
    // corio's modules import each other in a cycle that resolves only when entered from the
    // package entry, as a user does; a test file imports single modules, so enter first.
    `import "corio";`,
    `import { setSkips, runAll } from ${JSON.stringify(SHIM)};`,
    `const print = (o) => console.log(${JSON.stringify(MARK)} + JSON.stringify(o));`,
  ];
  const body: string[] = [];
  for (const { file, skipped } of testFiles(runtime)) {
    if (skipped !== undefined) {
      body.push(`print({ name: ${JSON.stringify(file)}, status: "skip", reason: ${JSON.stringify(skipped)} });`);
      continue;
    }
    lines.push(`import ${JSON.stringify(`${FILE_NS}:${file}`)};`, `import ${JSON.stringify(path.join(SRC, file))};`);
  }
  lines.push(`setSkips(${JSON.stringify(TEST_SKIPS[runtime])});`, ...body, `await runAll(print);`, `console.log(${JSON.stringify(DONE)});`);
  return lines.join("\n");
}

/** Resolves `corio-test-file:NAME` to a module that tells the collector the next file's name. */
const FILE_NS = "corio-test-file";
const fileNamer: Plugin = {
  name: FILE_NS,
  setup(b) {
    // corio's package.json says its modules have no side effects (true for users); a test
    // file's are its describe/it calls, so keep the imports esbuild would otherwise drop.
    b.onResolve({ filter: /^\/.*\.test\.ts$/ }, (a) => ({ path: a.path, sideEffects: true }));
    // A dynamic import("corio") in a test would make esbuild wrap all of corio in lazy
    // initialisers (see entrySource); corio is loaded already, so the static namespace is the same.
    b.onLoad({ filter: /\.test\.ts$/, namespace: "file" }, async (a) => {
      const source = await readFile(a.path, "utf8");
      if (!source.includes(`await import("corio")`)) return undefined;
      return { contents: `import * as corio__static from "corio";\n${source.replaceAll(`await import("corio")`, "corio__static")}`, loader: "ts" };
    });
    b.onResolve({ filter: new RegExp(`^${FILE_NS}:`) }, (a) => ({ path: a.path.slice(FILE_NS.length + 1), namespace: FILE_NS }));
    b.onLoad({ filter: /.*/, namespace: FILE_NS }, (a) => ({
      contents: `import { setFile } from ${JSON.stringify(SHIM)}; setFile(${JSON.stringify(a.path)});`,
      resolveDir: ROOT,
      loader: "js",
    }));
  },
};

/**
 * In the page, a test's import of corio's Node entry (src/index.ts) gets the core, as
 * "corio" does there; the child-process helper gets a stub (its tests are skipped by name).
 */
const coreOnly: Plugin = {
  name: "corio-core-only",
  setup(b) {
    b.onResolve({ filter: /\/support\/child\.js$/ }, () => ({ path: fileURLToPath(new URL("./child-unavailable.ts", import.meta.url)) }));
    b.onResolve({ filter: /\/index\.js$/ }, (a) =>
      path.resolve(a.resolveDir, a.path) === path.join(SRC, "index.js") ? { path: path.join(SRC, "core.ts") } : undefined,
    );
  },
};

async function bundle(runtime: Runtime, outDir: string): Promise<string> {
  const outfile = path.join(outDir, `${runtime}.mjs`);
  const browser = runtime === "chromium";
  await build({
    stdin: { contents: entrySource(runtime), resolveDir: ROOT, sourcefile: `${runtime}-entry.mjs`, loader: "js" },
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: browser ? "browser" : "node",
    conditions: [runtime === "chromium" ? "browser" : runtime],
    alias: {
      vitest: SHIM,
      corio: path.join(SRC, browser ? "core.ts" : "index.ts"),
      // event-loop.test reads performance from node:perf_hooks; a page has the same global.
      ...(browser ? { "node:perf_hooks": fileURLToPath(new URL("./perf-hooks-browser.ts", import.meta.url)) } : {}),
    },
    // Tests match class names (Event#3.wait) and stack frames (file names, function names):
    // keep the names esbuild would rename and map frames back to the sources.
    keepNames: true,
    sourcemap: "inline",
    plugins: browser ? [fileNamer, coreOnly] : [fileNamer],
    outfile,
    logLevel: "error",
  });
  return outfile;
}

/** Run a command, resolving to its stdout lines; bounded by RUN_TIMEOUT_MS. */
function runScript(command: string, args: string[]): Promise<{ lines: string[]; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ lines: out.split("\n"), code, stderr: err });
    });
  });
}

/** Serve the bundle on 127.0.0.1, open it in headless Chromium and collect its console. */
async function runInChromium(bundlePath: string): Promise<{ lines: string[]; code: number | null; stderr: string }> {
  const script = await readFile(bundlePath);
  const page = `<!doctype html><meta charset="utf-8"><title>corio core tests</title><script type="module" src="/tests.mjs"></script>`;
  const server = createServer((req, res) => {
    if (req.url === "/tests.mjs") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else if (req.url === "/") res.writeHead(200, { "content-type": "text/html" }).end(page);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  const browser = await launchChromium();
  const lines: string[] = [];
  let stderr = "";
  try {
    const tab = await browser.newPage();
    const done = new Promise<number>((resolve) => {
      tab.on("console", (m) => {
        const text = m.text();
        lines.push(text);
        if (text === DONE) resolve(0);
      });
      tab.on("pageerror", (e) => {
        stderr += `page error: ${e.message}\n`;
        resolve(1);
      });
    });
    await tab.goto(`http://127.0.0.1:${port}/`);
    const code = await Promise.race([done, new Promise<null>((r) => setTimeout(() => r(null), RUN_TIMEOUT_MS).unref())]);
    return { lines, code, stderr };
  } finally {
    await browser.close();
    server.close();
  }
}

interface Tally { runtime: Runtime; pass: number; fail: number; skip: number; failures: Outcome[]; skips: Outcome[]; note?: string }

async function runOn(runtime: Runtime, outDir: string): Promise<Tally | string> {
  let run: { lines: string[]; code: number | null; stderr: string };
  if (runtime === "chromium") {
    const missing = chromiumSkipReason();
    if (missing) return missing;
    run = await runInChromium(await bundle(runtime, outDir));
  } else {
    const bin = binary(runtime);
    if (!bin) return `no ${runtime} binary in node_modules/.bin; run npm ci (the ${runtime} npm package is a root devDependency)`;
    const file = await bundle(runtime, outDir);
    run = await runScript(bin, runtime === "bun" ? ["run", file] : ["run", "--allow-all", "--quiet", file]);
  }
  const outcomes = run.lines.filter((l) => l.startsWith(MARK)).map((l) => JSON.parse(l.slice(MARK.length)) as Outcome);
  const tally: Tally = { runtime, pass: 0, fail: 0, skip: 0, failures: [], skips: [] };
  for (const o of outcomes) {
    tally[o.status]++;
    if (o.status === "fail") tally.failures.push(o);
    if (o.status === "skip") tally.skips.push(o);
  }
  // A skip that names no test is stale (a test was renamed): fail, so the list stays true.
  for (const name of Object.keys(TEST_SKIPS[runtime])) {
    if (!outcomes.some((o) => o.name === name || o.name.startsWith(`${name} > `))) {
      tally.fail++;
      tally.failures.push({ name, status: "fail", error: "runtimes.ts skips this name, but no test has it; update the list" });
    }
  }
  if (!run.lines.includes(DONE)) {
    tally.fail++;
    tally.note = `did not finish (exit ${run.code ?? "timeout"}): ${run.stderr.trim().split("\n").slice(-5).join(" | ") || "no output"}`;
  }
  return tally;
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(RUNTIMES as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`test:runtimes: unknown runtime ${unknown.join(", ")}; choose from ${RUNTIMES.join(", ")}`);
    return 2;
  }
  const runtimes = asked.length > 0 ? (asked as Runtime[]) : RUNTIMES;
  const optional = new Set((process.env["CORIO_RUNTIMES_OPTIONAL"] ?? "").split(",").map((s) => s.trim()).filter(Boolean));
  const outDir = mkdtempSync(path.join(tmpdir(), "corio-runtimes-"));
  if (process.env["CORIO_RUNTIMES_KEEP"]) console.log(`bundles kept in ${outDir}`);
  let failed = false;
  try {
    for (const runtime of runtimes) {
      const started = Date.now();
      // A runtime that cannot start (a broken binary, a Chromium that will not launch) is one
      // line naming it, not a stack trace; the other runtimes still run.
      const result = await runOn(runtime, outDir).catch((e: unknown) => `could not run: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      if (typeof result === "string") {
        const ok = optional.has(runtime);
        failed ||= !ok;
        console.log(`${runtime}: ${ok ? "skipped" : "FAILED"} — ${result}`);
        continue;
      }
      failed ||= result.fail > 0;
      console.log(`${runtime}: ${result.pass} pass, ${result.fail} fail, ${result.skip} skip (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (result.note) console.log(`  ${result.note}`);
      for (const f of result.failures) console.log(`  FAIL ${f.name}\n    ${(f.error ?? "").replace(/\n/g, "\n    ")}`);
      if (process.env["CORIO_RUNTIMES_VERBOSE"]) for (const s of result.skips) console.log(`  skip ${s.name}: ${s.reason}`);
    }
  } finally {
    if (!process.env["CORIO_RUNTIMES_KEEP"]) rmSync(outDir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
