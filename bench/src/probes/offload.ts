/**
 * Figures behind the crawl's large-page offload (packages/crawl/src/process/page-pool.ts):
 *
 *  1. handoff: for pages of 8 KB … 4 MB, the time to process one on the loop
 *     (`processPage`) against one round trip through a warm worker (transfer the bytes,
 *     return the record and links) — the threshold is where the second stops costing more.
 *  2. loop delay: a site crawl of one 4.4 MB page (`--max-depth 0`), loop delay p99/max
 *     (perf_hooks) and wall time, once as built and once with the offload off.
 *
 * Runs the BUILT crawl package (dist/), so it also proves the built worker loads.
 * `nice npx tsx bench/src/probes/offload.ts` (npm run build first).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { run } from "corio";
import { bigPage } from "../../../packages/crawl/test/support/big-page.js";

const dist = "../../../packages/crawl/dist";
const { processPage } = (await import(`${dist}/process/page-job.js`)) as typeof import("../../../packages/crawl/src/process/page-job.js");
const { PagePool } = (await import(`${dist}/process/page-pool.js`)) as typeof import("../../../packages/crawl/src/process/page-pool.js");
const { resolveOptions } = (await import(`${dist}/options.js`)) as typeof import("../../../packages/crawl/src/options.js");
const { crawl } = (await import(`${dist}/engine.js`)) as typeof import("../../../packages/crawl/src/engine.js");

const ORIGIN = "http://127.0.0.1:9";
const entry = { id: 1, url: `${ORIGIN}/docs/`, key: `${ORIGIN}/docs/`, host: "127.0.0.1:9", depth: 0, ord: null, label: null };
const input = (body: Uint8Array) => ({ entry, finalUrl: entry.url, status: 200, contentType: "text/html; charset=utf-8", body, fetchedAt: "" });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function handoff(): Promise<void> {
  const options = resolveOptions({ mode: "site", startUrls: [entry.url], output: join(tmpdir(), "x.jsonl") });
  const pool = new PagePool(options, 1);
  console.log("| page | links | on the loop (ms, median) | via worker, round trip (ms, median) | loop busy for the handoff (ms, median) |");
  console.log("|---|---|---|---|---|");
  await run(function* () {
    yield* pool.process(input(new TextEncoder().encode(bigPage({ origin: ORIGIN, targetBytes: 20_000, links: 50 })))); // warm the worker
    for (const size of [8_000, 32_000, 64_000, 128_000, 256_000, 1_000_000, 4_400_000]) {
      const links = Math.min(600, Math.max(20, Math.floor(size / 400)));
      const bytes = new TextEncoder().encode(bigPage({ origin: ORIGIN, targetBytes: size, links }));
      const reps = size > 1_000_000 ? 5 : size > 100_000 ? 15 : 40;
      const inline: number[] = [];
      const viaWorker: number[] = [];
      const busy: number[] = [];
      for (let i = 0; i < reps; i++) {
        let t = performance.now();
        processPage("probe", options, input(new Uint8Array(bytes)));
        inline.push(performance.now() - t);
        const copy = new Uint8Array(bytes);
        t = performance.now();
        const cpu0 = process.cpuUsage();
        const elu0 = performance.eventLoopUtilization();
        yield* pool.process(input(copy));
        viaWorker.push(performance.now() - t);
        const elu = performance.eventLoopUtilization(elu0);
        busy.push(elu.active);
        void cpu0;
      }
      console.log(`| ${(bytes.length / 1024).toFixed(0)} KB | ${links} | ${median(inline).toFixed(2)} | ${median(viaWorker).toFixed(2)} | ${median(busy).toFixed(2)} |`);
    }
    yield* pool.close();
  }, { handleSignals: false });
}

async function loopDelay(label: string): Promise<void> {
  const server = createServer((req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(req.url === "/" ? big : "<p>x</p>");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const big = Buffer.from(bigPage({ origin, targetBytes: 4_400_000 }));
  const dir = mkdtempSync(join(tmpdir(), "corio-offload-probe-"));
  const h = monitorEventLoopDelay({ resolution: 5 });
  try {
    h.enable();
    const t = performance.now();
    await run(crawl({ mode: "site", startUrls: [`${origin}/`], output: join(dir, "p.jsonl"), maxDepth: 0, allowPrivate: true, ignoreRobots: true, progress: "none" }), { handleSignals: false });
    const wall = performance.now() - t;
    h.disable();
    console.log(`| ${label} | ${(big.length / 1e6).toFixed(1)} MB | ${(h.percentile(99) / 1e6).toFixed(1)} | ${(h.max / 1e6).toFixed(1)} | ${wall.toFixed(0)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    server.close();
  }
}

const part = process.argv[2];
if (part === "delay") {
  await loopDelay(process.env["CORIO_CRAWL_OFFLOAD_BYTES"] === "Infinity" ? "on the loop" : "offloaded");
} else {
  await handoff();
  console.log("");
  console.log("| 4.4 MB page, --max-depth 0 | size | loop delay p99 (ms) | max (ms) | wall (ms) |");
  console.log("|---|---|---|---|---|");
  for (const env of ["", "Infinity"]) {
    // A fresh process each: the threshold is read at load, and the two must not share a heap.
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "delay"], { env: { ...process.env, CORIO_CRAWL_OFFLOAD_BYTES: env }, encoding: "utf8" });
    process.stdout.write(r.stdout + r.stderr);
  }
}
