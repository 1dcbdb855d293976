/**
 * How much of a novel crawl's CPU is V8 warming up: the same 2,000-chapter book crawled
 * several times in one process by the built engine, CPU per page for each run.
 *
 *   nice npx tsx bench/src/probes/warm-novel.ts [runs=4] [chapters=2000]
 *
 * `npm run bench:crawl` starts every contender in a fresh process, as a user's crawl is:
 * corio's first run pays the start-up of V8's JIT (baseline code, optimisation on the
 * helper threads, their CPU counted) over its first pages, which CPython, interpreting
 * from the first page, does not. The later runs show what a page costs once the code is
 * optimised — what a long crawl pays for most of its pages. The fixture server runs in a
 * child process (the novel of `packages/crawl/test/fixture-site`, latency 0).
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "corio";
import type { ServerReady } from "../crawl/protocol.js";

const [runs = 4, chapters = 2000] = process.argv.slice(2).map(Number);
const dist = "../../../packages/crawl/dist";
const { crawl } = (await import(`${dist}/engine.js`)) as typeof import("../../../packages/crawl/src/engine.js");

const serverScript = fileURLToPath(new URL("../crawl/server-child.ts", import.meta.url));
const server = fork(serverScript, [JSON.stringify({ scenario: "latency-0", chapters })], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
const ready = await new Promise<ServerReady>((resolve) => server.once("message", (m) => resolve(m as ServerReady)));
const dir = mkdtempSync(join(tmpdir(), "corio-warm-novel-"));
try {
  console.log("| run | pages | wall s | CPU s | CPU µs / page |\n|---:|---:|---:|---:|---:|");
  for (let i = 1; i <= runs; i++) {
    const out = join(dir, String(i));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await run(
      crawl({ mode: "book", startUrls: [ready.indexUrl], output: join(out, "book.md"), concurrency: 16, retries: 3, timeout: 2000, allowPrivate: true, progress: "none" }),
      { handleSignals: false },
    );
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(cpu0);
    const cpuS = (c.user + c.system) / 1e6;
    const pages = summary.totals.ok;
    console.log(`| ${i} | ${pages} | ${wall.toFixed(2)} | ${cpuS.toFixed(2)} | ${((cpuS * 1e6) / pages).toFixed(0)} |`);
  }
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
