/**
 * corio benchmark harness. Runs every (workload × contender) in its own child process
 * (fresh heap, --expose-gc), round-robin over several rounds so machine noise hits everyone
 * alike, and prints one table per workload with medians.
 *
 *   npm run -w bench bench -- [--quick] [--rounds N] [--filter w1,w2] [--only c1,c2] [--json]
 *       [--save FILE] [--render FILE] [--budget SECONDS] [--slow SECONDS] [--cpu-prof] [--ratios wall|cpu]
 *
 * See README.md for what each workload measures and how to read the tables.
 */
import { fork } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Sample } from "./child.js";
import { fmtMs, fmtRate, fmtRatio, median, table } from "./stats.js";
import { workloads, type AnyWorkload } from "./workloads/index.js";
import type { ContenderSpec } from "./workloads/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = path.dirname(here);

interface Options {
  quick: boolean;
  rounds: number;
  filter: string[] | null;
  only: string[] | null;
  json: boolean;
  save: string | null;
  render: string | null;
  budgetSec: number;
  slowSec: number;
  cpuProf: boolean;
  /** What the × columns compare: wall time (default) or CPU time. */
  ratios: "wall" | "cpu";
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, rounds: 3, filter: null, only: null, json: false, save: null, render: null, budgetSec: 10, slowSec: 2, cpuProf: false, ratios: "wall" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") o.quick = true;
    else if (a === "--json") o.json = true;
    else if (a === "--cpu-prof") o.cpuProf = true;
    else if (a === "--rounds") o.rounds = Number(value());
    else if (a === "--filter") o.filter = value().split(",");
    else if (a === "--only") o.only = value().split(",");
    else if (a === "--save") o.save = value();
    else if (a === "--render") o.render = value();
    else if (a === "--budget") o.budgetSec = Number(value());
    else if (a === "--slow") o.slowSec = Number(value());
    else if (a === "--ratios") {
      const v = value();
      if (v !== "wall" && v !== "cpu") throw new Error(`--ratios: expected wall or cpu, got '${v}'`);
      o.ratios = v;
    }
    else if (a === "--help" || a === "-h") {
      console.log(readFileSync(path.join(benchDir, "README.md"), "utf8"));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  if (!(o.rounds >= 1)) throw new Error("--rounds must be >= 1");
  return o;
}

/** The installed version of a package, read from the nearest node_modules. */
function versionOf(pkg: string): string {
  for (let dir = benchDir; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", pkg, "package.json");
    if (existsSync(file)) return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
    if (path.dirname(dir) === dir) return "?";
  }
}

/** The newest file time under packages/corio/dist (the build the children load). */
function corioBuildTime(): string | null {
  const dist = path.join(benchDir, "..", "packages", "corio", "dist");
  if (!existsSync(dist)) return null;
  let newest = 0;
  for (const f of readdirSync(dist, { recursive: true }) as string[]) {
    if (f.endsWith(".js")) newest = Math.max(newest, statSync(path.join(dist, f)).mtimeMs);
  }
  return newest ? new Date(newest).toISOString() : null;
}

interface Cell {
  workload: AnyWorkload;
  spec: ContenderSpec;
  samples: Sample[];
  /** Set once a run failed or went over budget: later rounds skip it. */
  dropped: string | null;
  /** Set when the first run took over --slow seconds: later rounds skip it, its one sample stands. */
  slow: boolean;
}

/**
 * Copies packages/corio/dist to a temporary directory; children load corio from there
 * (see corio-snapshot.mjs), so every corio row of a run measures the same build.
 */
function snapshotCorio(): string | null {
  const dist = path.join(benchDir, "..", "packages", "corio", "dist");
  if (!existsSync(path.join(dist, "index.js"))) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), "corio-bench-"));
  cpSync(dist, dir, { recursive: true, filter: (src) => !src.endsWith(".map") && !src.endsWith(".d.ts") });
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  return dir;
}

function runChild(w: AnyWorkload, c: ContenderSpec, o: Options, corioDir: string | null): Promise<Sample> {
  const execArgv = ["--import", "tsx", "--import", path.join(here, "corio-snapshot.mjs"), "--expose-gc"];
  if (o.cpuProf) {
    // One directory per run: Node writes one profile per thread (main, module loader).
    const dir = path.join(benchDir, "profiles", `${w.id}.${c.name}.${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    execArgv.push("--cpu-prof", `--cpu-prof-dir=${dir}`);
  }
  return new Promise((resolve) => {
    const child = fork(path.join(here, "child.ts"), [w.id, c.name, o.quick ? "quick" : "full"], {
      cwd: benchDir,
      env: corioDir ? { ...process.env, CORIO_BENCH_DIST: path.join(corioDir, "index.js") } : process.env,
      execArgv,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    let sample: Sample | null = null;
    child.on("message", (m) => (sample = m as Sample));
    const timer = setTimeout(() => child.kill("SIGKILL"), o.budgetSec * 1000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (sample) return resolve(sample);
      const why =
        signal === "SIGKILL" ? `> ${o.budgetSec} s (over budget)` : `child exited (${signal ?? code}): ${lastLine(stderr)}`;
      resolve({ ok: false, ms: NaN, cpuMs: NaN, maxRssKiB: NaN, error: why });
    });
  });
}

const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const lastLine = (s: string): string => s.trim().split("\n").filter(Boolean).slice(-3).join(" / ") || "no output";

/** corio variants that cannot load because the runtime lacks an export are TODO, not failures. */
function describeError(c: ContenderSpec, err: string): string {
  const missing = /does not provide an export named '([^']+)'/.exec(err);
  if (c.role === "corio" && missing) return `TODO: corio does not export ${missing[1]} yet`;
  return err;
}

interface RunReport {
  /** Newest modification time under packages/corio/dist: which corio build was measured. */
  corioBuild: string | null;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string | undefined;
  date: string;
  mode: "quick" | "full";
  rounds: number;
  /** What the × columns compare (absent in results saved before it existed: wall). */
  ratios?: "wall" | "cpu";
  elapsedSec: number;
  workloads: WorkloadReport[];
}

function printReport(out: RunReport): void {
  for (const r of out.workloads) printTable(r, out.ratios ?? "wall");
  console.log(
    `\n${out.rounds} round(s), ${out.mode} sizes, node ${out.node}, ${out.cpus} CPU(s) (${out.cpuModel ?? "?"}), ${out.date}; ${out.elapsedSec.toFixed(0)} s in all; corio build of ${out.corioBuild ?? "?"}.`,
  );
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.render) return printReport(JSON.parse(readFileSync(o.render, "utf8")) as RunReport);
  const selected = workloads.filter((w) => !o.filter || o.filter.some((f) => w.id.includes(f)));
  if (selected.length === 0) throw new Error(`--filter matched no workload; known: ${workloads.map((w) => w.id).join(", ")}`);
  const cells: Cell[][] = selected.map((w) =>
    w.contenders
      .filter((c) => !o.only || isFloor(c) || o.only.includes(c.name))
      .map((spec) => ({ workload: w, spec, samples: [], dropped: null, slow: false })),
  );

  const started = Date.now();
  const corioBuild = corioBuildTime();
  const corioDir = snapshotCorio();
  process.on("exit", () => corioDir && rmSync(corioDir, { recursive: true, force: true }));
  const log = (s: string) => process.stderr.write(s);
  log(`corio bench: ${o.quick ? "quick" : "full"} sizes, ${o.rounds} round(s), budget ${o.budgetSec} s per run, node ${process.version}, ${os.cpus().length} CPU(s)\n`);
  for (let round = 0; round < o.rounds; round++) {
    for (const row of cells) {
      // Rotate the order each round so no contender always runs first (cold caches) or last.
      const order = row.map((_, i) => row[(i + round) % row.length]!);
      for (const cell of order) {
        if (cell.dropped || cell.slow) continue;
        log(`[round ${round + 1}/${o.rounds}] ${cell.workload.id.padEnd(12)} ${cell.spec.name.padEnd(20)} `);
        const s = await runChild(cell.workload, cell.spec, o, corioDir);
        cell.samples.push(s);
        if (s.ok) {
          // The floor and corio are what every ratio is about: they always run every round.
          cell.slow = s.ms > o.slowSec * 1000 && !isFloor(cell.spec) && cell.spec.role !== "corio";
          log(`${fmtMs(s.ms).padStart(7)} ms  ${fmtMs(s.cpuMs).padStart(7)} CPU ms  ${(s.maxRssKiB / 1024).toFixed(0).padStart(5)} MB${cell.slow ? `  (over ${o.slowSec} s: not run again)` : ""}\n`);
        } else {
          cell.dropped = describeError(cell.spec, s.error ?? "failed");
          log(`FAILED: ${cell.dropped}\n`);
        }
      }
    }
  }
  const elapsed = (Date.now() - started) / 1000;

  const out: RunReport = {
    corioBuild,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    date: new Date().toISOString(),
    mode: o.quick ? "quick" : "full",
    rounds: o.rounds,
    ratios: o.ratios,
    elapsedSec: elapsed,
    workloads: cells.map((row) => summarize(row, o)),
  };
  if (o.save) writeFileSync(o.save, `${JSON.stringify(out, null, 2)}\n`);
  if (o.json) console.log(JSON.stringify(out, null, 2));
  else printReport(out);
}

interface RowReport {
  contender: string;
  role: string;
  version: string | null;
  note: string;
  samplesMs: number[];
  medianMs: number | null;
  /** Median CPU ms (user + system) of the timed run; absent in results saved before it existed. */
  cpuMedianMs?: number | null;
  opsPerSec: number | null;
  /** Ratios of wall or CPU medians, as the run's `ratios` says. */
  vsFloor: number | null;
  /** Against the floor that yields a microtask (`await null`), when the workload has one. */
  vsMicroFloor?: number | null;
  vsBestPeer: number | null;
  peakRssMB: number | null;
  error: string | null;
}

interface WorkloadReport {
  id: string;
  title: string;
  issue: number;
  ops: number;
  bestPeer: string | null;
  rows: RowReport[];
}

function summarize(row: Cell[], o: Options): WorkloadReport {
  const w = row[0]!.workload;
  const params = o.quick ? w.params.quick : w.params.full;
  const ops = w.ops(params);
  const ok = (c: Cell) => c.samples.filter((s) => s.ok);
  const med = (c: Cell) => (c.dropped ? NaN : median(ok(c).map((s) => s.ms)));
  const cpuMed = (c: Cell) => (c.dropped ? NaN : median(ok(c).map((s) => s.cpuMs)));
  // What the × columns compare: wall time, or (--ratios cpu) CPU time, which a busy
  // machine disturbs less than wall time when several benchmarks share its cores.
  const metric = o.ratios === "cpu" ? cpuMed : med;
  const floor = row.find((c) => c.spec.role === "floor");
  const floorX = floor ? metric(floor) : NaN;
  const microFloor = row.find((c) => c.spec.role === "floor-microtask");
  const microFloorX = microFloor ? metric(microFloor) : NaN;
  let bestPeer: Cell | null = null;
  for (const c of row) {
    if (c.spec.role !== "peer" || !Number.isFinite(metric(c))) continue;
    if (!bestPeer || metric(c) < metric(bestPeer)) bestPeer = c;
  }
  const bestX = bestPeer ? metric(bestPeer) : NaN;
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    id: w.id,
    title: w.title(params),
    issue: w.issue,
    ops,
    bestPeer: bestPeer ? bestPeer.spec.name : null,
    rows: row.map((c) => {
      const m = med(c);
      const x = metric(c);
      const rss = Math.max(...ok(c).map((s) => s.maxRssKiB));
      return {
        contender: c.spec.name,
        role: c.spec.role,
        version: c.spec.pkg ? versionOf(c.spec.pkg) : null,
        note: c.spec.note,
        samplesMs: ok(c).map((s) => Math.round(s.ms * 100) / 100),
        medianMs: num(m),
        cpuMedianMs: num(cpuMed(c)),
        opsPerSec: num((ops / m) * 1000),
        vsFloor: num(x / floorX),
        vsMicroFloor: microFloor ? num(x / microFloorX) : null,
        vsBestPeer: num(x / bestX),
        peakRssMB: num(rss / 1024),
        error: c.dropped,
      };
    }),
  };
}

function printTable(r: WorkloadReport, ratios: "wall" | "cpu"): void {
  console.log(`\n## ${r.id} — ${r.title} (issue ${r.issue}; ${r.ops.toLocaleString("en-US")} ops)\n`);
  const micro = r.rows.some((x) => x.role === "floor-microtask");
  const rows = r.rows.map((x) => {
    const tag = x.role === "ref" ? " (ref)" : x.role === "floor-microtask" ? " (µfloor)" : "";
    const name = `${x.contender}${tag}${x.version && x.role !== "corio" ? ` ${x.version}` : ""}`;
    if (x.medianMs === null) return [name, truncate(x.error ?? "no sample", 90), "", "", "", "", ...(micro ? [""] : []), "", ""];
    const spread =
      x.samplesMs.length > 1 ? `${fmtMs(Math.min(...x.samplesMs))}–${fmtMs(Math.max(...x.samplesMs))}` : "1 run";
    return [
      name,
      fmtMs(x.medianMs),
      spread,
      fmtMs(x.cpuMedianMs ?? NaN),
      `${fmtRate(x.opsPerSec ?? NaN)}/s`,
      fmtRatio(x.vsFloor ?? NaN),
      ...(micro ? [fmtRatio(x.vsMicroFloor ?? NaN)] : []),
      fmtRatio(x.vsBestPeer ?? NaN),
      `${(x.peakRssMB ?? NaN).toFixed(0)} MB`,
    ];
  });
  const header = ["contender", "median ms", "min–max ms", "CPU ms", "ops/s", "× floor", ...(micro ? ["× µfloor"] : []), "× best peer", "peak RSS"];
  console.log(table(header, rows, header.map((_, i) => i > 0)));
  const of = ratios === "cpu" ? "CPU-time ratios (median CPU ms)" : "Ratios are wall-time ratios (median ms)";
  console.log(`\nbest peer: ${r.bestPeer ?? "none finished"}. ${of}: below 1x is faster.${micro ? " µfloor: the floor yielding a microtask (await null) instead of a loop turn." : ""}`);
}

/** The rows that always run (whatever --only says) and every round: the two floors. */
function isFloor(c: ContenderSpec): boolean {
  return c.role === "floor" || c.role === "floor-microtask";
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
