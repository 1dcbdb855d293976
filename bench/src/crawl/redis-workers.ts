/**
 * Distributed crawl benchmark (issue 6): 1, 2 and 4 `corio crawl book` worker processes
 * sharing one Redis frontier, against the fixture site at 50 ms latency per response,
 * with `--per-host` high enough not to bind. Reports pages/s (pages over the slowest
 * worker's crawl time), Redis round trips per page (the script calls — lease, complete,
 * host slot acquire/release, heartbeat — from `INFO commandstats`; the few plain reads
 * such as counts and the final output assembly are left out), where the CPU goes (worker
 * processes, from /proc, start-up included; the Redis server, from `INFO cpu`; both per
 * page), and whether every book is exact. Also a single-process SQLite row for reference.
 *
 *   npx tsx bench/src/crawl/redis-workers.ts [--chapters 2000] [--latency 50] [--workers 1,2,4] [--concurrency 16] [--from-source]
 *
 * Needs redis-server (it starts one with scripts/redis-for-tests.sh when
 * CORIO_TEST_REDIS_URL is not set). `npm run bench:crawl` runs it after the single-process table (bench/src/suite.ts).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { expectedBook, startFixtureSite } from "../../../packages/crawl/test/fixture-site/index.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
// Workers run the built CLI (`npm run build` first), as users do: through tsx from the
// sources, each process spent ~2 s of CPU compiling at start, which on a 2-core box
// was most of what 4 workers cost. `--from-source` runs the sources anyway.
const built = join(ROOT, "packages/crawl/dist/cli/main.js");
const fromSource = process.argv.includes("--from-source") || !existsSync(built);
if (fromSource && !process.argv.includes("--from-source")) console.error("redis-workers: no built CLI (run `npm run build`); running the sources through tsx");
const MAIN = fromSource ? join(ROOT, "packages/crawl/src/cli/main.ts") : built;
const NODE_ARGS = fromSource ? ["--import", "tsx"] : [];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1]!;
}

const chapters = Number(arg("chapters", process.argv.includes("--quick") ? "500" : "2000"));
const latencyMs = Number(arg("latency", "50"));
const concurrency = Number(arg("concurrency", "16"));
const workerCounts = arg("workers", "1,2,4").split(",").map(Number);
if (process.argv.includes("--help")) {
  console.log("usage: npx tsx bench/src/crawl/redis-workers.ts [--chapters 2000 | --quick] [--latency 50] [--workers 1,2,4] [--concurrency 16] [--from-source]");
  process.exit(0);
}

interface Row {
  workers: number | string;
  pagesPerSec: number;
  seconds: number;
  roundTripsPerPage: number;
  /** CPU of the worker processes (start-up included) and of Redis, ms per page. */
  workerCpuMsPerPage: number;
  redisCpuMsPerPage: number;
  exact: boolean;
}

/** user + system CPU of a live process, ms (Linux /proc; 0 elsewhere). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** CPU the Redis server has used so far, ms. */
async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const n = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, "m").exec(info)?.[1] ?? 0);
  return (n("used_cpu_sys") + n("used_cpu_user")) * 1000;
}

/** Script calls the server has run (EVALSHA + EVAL: only clients send these, unlike the commands scripts run inside). */
async function commandsProcessed(redis: Redis): Promise<number> {
  const info = await redis.info("commandstats");
  let n = 0;
  for (const m of info.matchAll(/^cmdstat_(evalsha|eval):calls=(\d+)/gm)) n += Number(m[2]);
  return n;
}

function runWorker(args: string[]): Promise<{ code: number; seconds: number; cpuMs: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...NODE_ARGS, MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let cpuMs = 0;
    const sampler = setInterval(() => (cpuMs = Math.max(cpuMs, cpuMsOf(child.pid))), 20);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => {
      clearInterval(sampler);
      let seconds = NaN;
      try {
        seconds = (JSON.parse(stdout) as { seconds: number }).seconds;
      } catch {
        /* reported through the exit code */
      }
      resolve({ code: code ?? -1, seconds, cpuMs, stderr });
    });
  });
}

async function main(): Promise<void> {
  let url = process.env["CORIO_TEST_REDIS_URL"];
  let dir: string | undefined;
  if (!url) {
    const out = execFileSync(join(ROOT, "scripts/redis-for-tests.sh"), ["start"], { encoding: "utf8" });
    url = /^REDIS_URL=(.*)$/m.exec(out)![1]!;
    dir = /^REDIS_DIR=(.*)$/m.exec(out)![1]!;
  }
  const redis = new Redis(url);
  const site = await startFixtureSite({ chapters, latencyMs });
  const book = expectedBook(site.novel);
  const rows: Row[] = [];
  try {
    {
      const out = mkdtempSync(join(tmpdir(), "corio-bench-sqlite-"));
      const r = await runWorker(["crawl", "book", site.indexUrl, "--allow-private", "--progress", "none", "--json", "-o", join(out, "book.md"), "--concurrency", String(concurrency)]);
      if (r.code !== 0) throw new Error(`the SQLite run failed (${r.code}): ${r.stderr}`);
      const exact = readFileSync(join(out, "book.md"), "utf8") === book;
      rows.push({ workers: "1, SQLite", pagesPerSec: (chapters + 1) / r.seconds, seconds: r.seconds, roundTripsPerPage: 0, workerCpuMsPerPage: r.cpuMs / (chapters + 1), redisCpuMsPerPage: 0, exact });
      rmSync(out, { recursive: true, force: true });
      console.error(`SQLite: ${((chapters + 1) / r.seconds).toFixed(0)} pages/s`);
    }
    for (const n of workerCounts) {
      const crawlId = `bench-${n}-${Date.now()}`;
      const out = mkdtempSync(join(tmpdir(), "corio-bench-redis-"));
      const before = await commandsProcessed(redis);
      const cpuBefore = await redisCpuMs(redis);
      const common = ["crawl", "book", site.indexUrl, "--allow-private", "--progress", "none", "--json", "--frontier", url, "--crawl-id", crawlId];
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) => runWorker([...common, "-o", join(out, `w${i}`, "book.md"), "--concurrency", String(concurrency), "--per-host", "1000"])),
      );
      const after = await commandsProcessed(redis);
      const redisCpu = (await redisCpuMs(redis)) - cpuBefore;
      const failed = results.find((r) => r.code !== 0);
      if (failed) throw new Error(`a worker failed (${failed.code}): ${failed.stderr}`);
      const pages = chapters + 1;
      const seconds = Math.max(...results.map((r) => r.seconds));
      const exact = results.every((_, i) => readFileSync(join(out, `w${i}`, "book.md"), "utf8") === book);
      const workerCpu = results.reduce((sum, r) => sum + r.cpuMs, 0);
      rows.push({ workers: n, pagesPerSec: pages / seconds, seconds, roundTripsPerPage: (after - before) / pages, workerCpuMsPerPage: workerCpu / pages, redisCpuMsPerPage: redisCpu / pages, exact });
      rmSync(out, { recursive: true, force: true });
      await redis.eval(
        "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) n = n + 1 end return n",
        0,
        `corio:crawl:{${crawlId}}:*`,
      );
      console.error(`${n} worker(s): ${(pages / seconds).toFixed(0)} pages/s`);
    }
  } finally {
    await site.close();
    redis.disconnect();
    if (dir) execFileSync(join(ROOT, "scripts/redis-for-tests.sh"), ["stop", dir]);
  }
  console.log(`\ncorio crawl book over Redis: ${chapters} chapters, ${latencyMs} ms latency, --concurrency ${concurrency} per worker\n`);
  console.log("| workers | pages/s | crawl s | script round trips / page | worker CPU ms / page | Redis CPU ms / page | book exact |");
  console.log("|---:|---:|---:|---:|---:|---:|:---:|");
  for (const r of rows) {
    const sqlite = typeof r.workers === "string";
    console.log(
      `| ${r.workers} | ${r.pagesPerSec.toFixed(0)} | ${r.seconds.toFixed(2)} | ${sqlite ? "–" : r.roundTripsPerPage.toFixed(2)} | ${r.workerCpuMsPerPage.toFixed(2)} | ${sqlite ? "–" : r.redisCpuMsPerPage.toFixed(3)} | ${r.exact ? "yes" : "NO"} |`,
    );
  }
}

await main();
