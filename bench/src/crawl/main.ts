/**
 * `npm run bench:crawl`: corio crawl's book mode against Crawlee's CheerioCrawler, a
 * plain undici + cheerio + p-limit script and the article's own stack in Python (aiohttp +
 * lxml, when Debian's python3-aiohttp and python3-lxml are installed; skipped with a note
 * otherwise), on the fixture novel (2,000 GBK chapters of 2,000–4,000 hanzi), in
 * three scenarios: no latency, 50 ms per response, and faults (5 % of chapters answer 500
 * twice, 1 % stall past the timeout once). Same concurrency (16), retries (3) and
 * per-request timeout (2 s) for everyone.
 *
 * Every run is two fresh processes — the fixture server and the contender, each a plain
 * `node` on a bundle made at start (see build.ts) — so no run inherits another's heap,
 * sockets or server-side attempt counts. Rounds are interleaved (round r runs every
 * scenario and every contender, the contender order rotating), and the table shows the
 * median of the rounds. Each run's book is compared byte for byte with `expectedBook`: a
 * fast but wrong contender shows as wrong.
 *
 *   npm run bench:crawl                       # 3 rounds, 2,000 chapters
 *   npm run bench:crawl -- --quick            # 1 round, 500 chapters
 *   npm run -w bench bench:crawl -- --rounds 5 --only corio,plain --scenarios latency-0
 *   npm run -w bench bench:crawl -- --json > crawl.json
 *   npm run -w bench bench:crawl -- --only corio --cpu-prof   # profiles in bench/src/crawl/.profiles/
 *
 * Flags: --quick, --rounds N, --chapters N, --only a,b (corio, corio-dashboard, plain, crawlee, fetch-only, aiohttp),
 * --scenarios a,b (latency-0, latency-50ms, faults), --concurrency N, --timeout MS,
 * --budget S (a run over S seconds is killed; default 180), --cpu-prof, --json, --save FILE.
 */
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cpus } from "node:os";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { generateNovel, expectedBook } from "../../../packages/crawl/test/fixture-site/index.js";
import { BUILD_DIR, buildChildren } from "./build.js";
import { exited, waitMessage } from "./child-messages.js";
import { SCENARIOS, type Scenario } from "./scenarios.js";
import type { Job, RunReport, ServerReady, ServerStats } from "./protocol.js";

const CONTENDERS = {
  corio: "corio crawl (book mode, SQLite state)",
  "corio-dashboard": "corio crawl with --dashboard (a page open on it)",
  plain: "undici + cheerio/slim + p-limit",
  crawlee: "Crawlee CheerioCrawler 3",
  "fetch-only": "fetch only, no parsing (ref: the ceiling)",
  aiohttp: "aiohttp + lxml (Python twin)",
} as const;
/** Contenders that are not Node bundles: a Python script run by Debian's python3. */
const PYTHON_TWIN = join(dirname(fileURLToPath(import.meta.url)), "contenders/aiohttp_lxml.py");
// Debian's python3, not a pyenv shim earlier on PATH: python3-aiohttp and python3-lxml
// are Debian packages and live only in its site-packages.
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** Why the Python twin cannot run here, or null when it can. */
function pythonTwinMissing(): string | null {
  const r = spawnSync(PYTHON, ["-c", "import aiohttp, lxml.html"], { encoding: "utf8" });
  if (r.error) return `${PYTHON} not found`;
  if (r.status !== 0) return `${PYTHON} lacks aiohttp or lxml (apt-get install python3-aiohttp python3-lxml)`;
  return null;
}
type ContenderId = keyof typeof CONTENDERS;
/** References that write no book and do not retry: no book check, no fault scenario. */
const REFERENCES: ReadonlySet<ContenderId> = new Set(["fetch-only"]);

// ---- flags -------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
function value(name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i === -1) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith("--")) throw new Error(`${name} needs a value`);
  return v;
}
function list<T extends string>(name: string, all: readonly T[]): T[] {
  const v = value(name);
  if (v === undefined) return [...all];
  const picked = v.split(",").map((s) => s.trim()) as T[];
  for (const p of picked) if (!all.includes(p)) throw new Error(`${name}: unknown ${JSON.stringify(p)}; expected one of ${all.join(", ")}`);
  return picked;
}
const quick = flag("--quick");
const rounds = Number(value("--rounds") ?? (quick ? 1 : 3));
const chapters = Number(value("--chapters") ?? (quick ? 500 : 2000));
const concurrency = Number(value("--concurrency") ?? 16);
const timeoutMs = Number(value("--timeout") ?? 2000);
const budgetS = Number(value("--budget") ?? 180);
const retries = 3;
const cpuProf = flag("--cpu-prof");
/** Node/V8 flags for the Node contenders' processes (experiments: `CORIO_BENCH_NODE_FLAGS="--max-semi-space-size=8"`). */
const EXTRA_NODE_FLAGS = (process.env.CORIO_BENCH_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
const asJson = flag("--json");
const saveTo = value("--save");
const picked = list("--only", Object.keys(CONTENDERS) as ContenderId[]);
const twinMissing = picked.includes("aiohttp") ? pythonTwinMissing() : null;
if (twinMissing !== null) process.stderr.write(`bench:crawl: the aiohttp + lxml twin is skipped: ${twinMissing}\n`);
const only = picked.filter((c) => c !== "aiohttp" || twinMissing === null);
const scenarios = list("--scenarios", SCENARIOS.map((s) => s.id)).map((id) => SCENARIOS.find((s) => s.id === id)!);
const pages = chapters + 1; // the index and every chapter

// ---- one run -----------------------------------------------------------------------

interface RunResult extends RunReport {
  correct: boolean;
  /** Why the book is wrong (or the run failed), for the table's notes. */
  problem?: string;
  /** Requests the server received (retries included). */
  requests: number;
  pagesPerSecond: number;
  /** CPU the fixture server used during the run, ms. */
  serverCpuMs: number;
  /**
   * CPU the rest of the machine used while the contender ran (other processes: this is a
   * shared machine), in cores (0..cpus); `null` where /proc/stat is not there.
   */
  otherCores: number | null;
}

/** Busy and total CPU time of the machine so far, ms (Linux /proc/stat), or null. */
function machineCpu(): { busy: number; at: number } | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const all = f.slice(0, 8).reduce((a, b) => a + b, 0);
    const tick = 10; // USER_HZ = 100 on Linux
    return { busy: (all - idle) * tick, at: performance.now() };
  } catch {
    return null;
  }
}

/** The report a non-Node contender prints as its last stdout line. */
function lastJsonLine<T>(child: ChildProcess, what: string, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${what}: no answer within ${ms / 1000} s (killed)`));
    }, ms);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${what} exited (${signal ?? code}) without a report${stderr ? `:\n${stderr.trim()}` : ""}`));
      }
    });
  });
}


const PROFILE_DIR = join(BUILD_DIR, "../.profiles");

async function runOnce(bundles: Record<string, string>, scenario: Scenario, contender: ContenderId, expected: string): Promise<RunResult> {
  const server = fork(bundles.server!, [JSON.stringify({ scenario: scenario.id, chapters })], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  const dir = mkdtempSync(join(tmpdir(), `bench-crawl-${contender}-`));
  let report: RunReport;
  let requests = 0;
  let serverCpuMs = 0;
  let otherCores: number | null = null;
  try {
    const ready = await waitMessage<ServerReady>(server, "fixture server", 30_000);
    const job: Job = { indexUrl: ready.indexUrl, dir, concurrency, retries, timeoutMs };
    const execArgv = [...EXTRA_NODE_FLAGS, ...(cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${contender}-${scenario.id}-${Date.now()}.cpuprofile`] : [])];
    const cpu0 = machineCpu();
    const child =
      contender === "aiohttp"
        ? spawn(PYTHON, [PYTHON_TWIN, JSON.stringify(job)], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
        : fork(bundles[contender]!, [JSON.stringify(job)], { cwd: dir, execArgv, env: { ...process.env, CORIO_CRAWL_PAGE_JOB: bundles["page-job"] }, stdio: ["ignore", "ignore", "pipe", "ipc"] });
    try {
      report = contender === "aiohttp" ? await lastJsonLine<RunReport>(child, contender, budgetS * 1000) : await waitMessage<RunReport>(child, contender, budgetS * 1000);
    } catch (e) {
      report = { ok: false, ms: budgetS * 1000, maxRssKiB: 0, cpuMs: 0, error: (e as Error).message };
    }
    const cpu1 = machineCpu();
    await exited(child);
    server.send("close");
    try {
      const stats = await waitMessage<ServerStats>(server, "fixture server", 10_000);
      requests = stats.requests;
      serverCpuMs = stats.cpuMs - ready.cpuMs;
    } catch {
      server.kill("SIGKILL");
    }
    if (cpu0 !== null && cpu1 !== null && report.cpuMs > 0) {
      otherCores = Math.max(0, cpu1.busy - cpu0.busy - report.cpuMs - serverCpuMs) / (cpu1.at - cpu0.at);
    }
    await exited(server);
    const book = join(dir, "book.md");
    const actual = existsSync(book) ? readFileSync(book, "utf8") : null;
    const problem = !report.ok ? `failed: ${firstLine(report.error)}` : REFERENCES.has(contender) ? undefined : diffBooks(actual, expected);
    return { ...report, correct: problem === undefined, ...(problem === undefined ? {} : { problem }), requests, pagesPerSecond: report.ok ? pages / (report.ms / 1000) : 0, serverCpuMs, otherCores };
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstLine(s: string | undefined): string {
  return (s ?? "unknown error").split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 160) ?? "unknown error";
}

/** `undefined` when identical, else a short description of the first difference. */
function diffBooks(actual: string | null, expected: string): string | undefined {
  if (actual === null) return "no book written";
  if (actual === expected) return undefined;
  const a = actual.split(/^(?=## )/m);
  const e = expected.split(/^(?=## )/m);
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      const title = (e[i] ?? a[i] ?? "").split("\n")[0];
      return `${a.length}/${e.length} chapters; first difference at chapter ${i + 1} (${title})`;
    }
  }
  return "differs";
}

// ---- the rounds --------------------------------------------------------------------

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(s + "\n");
  const bundles = await buildChildren(["server", "page-job", ...only.filter((c): c is Exclude<ContenderId, "aiohttp"> => c !== "aiohttp")]);
  const expected = expectedBook(generateNovel({ chapters }));
  const results = new Map<string, RunResult[]>();
  const key = (s: Scenario, c: ContenderId) => `${s.id}|${c}`;
  log(`bench:crawl — ${chapters} chapters, concurrency ${concurrency}, retries ${retries}, timeout ${timeoutMs} ms, ${rounds} round(s), Node ${process.version}, ${cpus().length} CPUs`);
  for (let r = 0; r < rounds; r++) {
    for (const scenario of scenarios) {
      const order = only.map((_, i) => only[(i + r) % only.length]!);
      for (const contender of order) {
        if (REFERENCES.has(contender) && scenario.id === "faults") continue;
        const res = await runOnce(bundles, scenario, contender, expected);
        const list = results.get(key(scenario, contender)) ?? [];
        list.push(res);
        results.set(key(scenario, contender), list);
        log(
          `round ${r + 1}/${rounds}  ${scenario.label.padEnd(28)} ${contender.padEnd(10)} ${res.ok ? `${fmt(res.pagesPerSecond)} pages/s` : "FAILED"}  ` +
            `${(res.ms / 1000).toFixed(2)} s  ${fmt(res.maxRssKiB / 1024)} MB  book ${res.correct ? "ok" : `WRONG (${res.problem})`}  ${res.requests} requests  ` +
            `cpu ${fmt(res.cpuMs)} ms (server ${fmt(res.serverCpuMs)} ms)${res.otherCores === null ? "" : `  other load ${res.otherCores.toFixed(2)} cores`}`,
        );
      }
    }
  }

  const rows = [];
  for (const scenario of scenarios) {
    for (const contender of only) {
      const runs = results.get(key(scenario, contender)) ?? [];
      if (runs.length === 0) continue;
      const good = runs.filter((x) => x.ok);
      rows.push({
        scenario: scenario.id,
        scenarioLabel: scenario.label,
        contender,
        contenderLabel: CONTENDERS[contender],
        runs: runs.length,
        pagesPerSecond: median(good.map((x) => x.pagesPerSecond)),
        seconds: median(good.map((x) => x.ms / 1000)),
        peakRssMB: median(runs.filter((x) => x.maxRssKiB > 0).map((x) => x.maxRssKiB / 1024)),
        maxPeakRssMB: Math.max(...runs.map((x) => x.maxRssKiB / 1024)),
        requests: median(runs.map((x) => x.requests)),
        cpuMs: median(good.map((x) => x.cpuMs)),
        otherCores: median(runs.flatMap((x) => (x.otherCores === null ? [] : [x.otherCores]))),
        correctRuns: runs.filter((x) => x.correct).length,
        problems: [...new Set(runs.filter((x) => !x.correct).map((x) => x.problem ?? "wrong"))],
        samples: runs.map((x) => ({
          pagesPerSecond: x.pagesPerSecond,
          ms: x.ms,
          peakRssMB: x.maxRssKiB / 1024,
          correct: x.correct,
          requests: x.requests,
          cpuMs: x.cpuMs,
          serverCpuMs: x.serverCpuMs,
          otherCores: x.otherCores,
          ...(x.problem ? { problem: x.problem } : {}),
        })),
      });
    }
  }
  const doc = {
    command: `npm run bench:crawl${argv.length ? " -- " + argv.join(" ") : ""}`,
    node: process.version,
    cpus: cpus().length,
    chapters,
    pages,
    concurrency,
    retries,
    timeoutMs,
    rounds,
    rows,
  };
  if (saveTo) writeFileSync(saveTo, JSON.stringify(doc, null, 2) + "\n");
  if (asJson) {
    process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
    return;
  }
  const header = ["scenario", "contender", "pages/s", "time s", "peak RSS MB", "requests", "CPU s", "other load", "book"];
  const table = rows.map((r) => [
    r.scenarioLabel,
    r.contenderLabel,
    Number.isNaN(r.pagesPerSecond) ? "—" : fmt(r.pagesPerSecond),
    Number.isNaN(r.seconds) ? "—" : r.seconds.toFixed(2),
    Number.isNaN(r.peakRssMB) ? "—" : fmt(r.peakRssMB),
    fmt(r.requests),
    Number.isNaN(r.cpuMs) ? "—" : (r.cpuMs / 1000).toFixed(2),
    Number.isNaN(r.otherCores) ? "—" : r.otherCores.toFixed(2),
    REFERENCES.has(r.contender) ? "no book (ref)" : r.correctRuns === r.runs ? `correct ${r.correctRuns}/${r.runs}` : `WRONG ${r.runs - r.correctRuns}/${r.runs}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => (i >= 2 && i <= 7 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ") + " |";
  console.log(`\n${doc.command}: ${chapters} chapters (${pages} pages with the index), concurrency ${concurrency}, retries ${retries}, timeout ${timeoutMs} ms, median of ${rounds} round(s), Node ${process.version}, ${doc.cpus} CPUs\n`);
  console.log(line(header));
  console.log("|" + widths.map((w, i) => (i >= 2 && i <= 7 ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|") + "|");
  for (const row of table) console.log(line(row));
  const notes = rows.filter((r) => r.problems.length > 0);
  console.log(
    "\nCPU s: the contender's process (start-up included). other load: cores busy with other processes of the machine during the run (median); above ~0.2 the run shared its CPUs.",
  );
  if (notes.length > 0) {
    console.log("");
    for (const r of notes) console.log(`${r.scenarioLabel}, ${r.contender}: ${r.problems.join("; ")}`);
  }
}

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
