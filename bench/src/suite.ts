/**
 * Runs several benchmark scripts one after the other with the caller's flags, so one
 * `npm run bench` (or `bench:crawl`) prints every table of its issue family:
 *
 *   tsx src/suite.ts core   → src/main.ts (runtime + sync tables), then src/io/main.ts
 *   tsx src/suite.ts crawl  → src/crawl/main.ts (the novel, every contender), then the
 *                             docs site (probes/docs-site.ts: 300-link sidebars, 2–8 MB
 *                             pages; pages/s, peak RSS, longest gap, heap), one 4.4 MB
 *                             page (probes/offload.ts: handoff cost, loop delay p99), the
 *                             novel crawled again in one process (probes/warm-novel.ts: CPU
 *                             per page once V8 is warm), the 50 ms crawl phase by phase
 *                             against fetch-only (probes/timeline.ts), and
 *                             src/crawl/redis-workers.ts
 *
 * `--filter`/`--only` go to the first script only; each later one runs unless `--filter`
 * is given without naming it ("io" / "docs", "big-page", "warm", "timeline", "redis"); `--quick` goes to all.
 * `--docs-pages N` sizes the docs site (default 20,000; 2,000 with --quick).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

interface Later {
  file: string;
  name: string;
  /** Its arguments, from the caller's. */
  args: (callerArgs: string[]) => string[];
  /** It runs the built packages (dist/): build them first. */
  built?: boolean;
}

const quickOnly = (a: string[]) => (a.includes("--quick") ? ["--quick"] : []);
const docsPages = (a: string[]) => {
  const i = a.indexOf("--docs-pages");
  return [i === -1 ? (a.includes("--quick") ? "2000" : "20000") : a[i + 1]!];
};

const suites: Record<string, { first: string; later: Later[] }> = {
  core: { first: "main.ts", later: [{ file: "io/main.ts", name: "io", args: quickOnly }] },
  crawl: {
    first: "crawl/main.ts",
    later: [
      { file: "probes/docs-site.ts", name: "docs", args: docsPages, built: true },
      { file: "probes/offload.ts", name: "big-page", args: () => [], built: true },
      { file: "probes/warm-novel.ts", name: "warm", args: (a) => (a.includes("--quick") ? ["3", "500"] : []), built: true },
      { file: "probes/timeline.ts", name: "timeline", args: (a) => (a.includes("--quick") ? ["1", "latency-50ms", "500"] : ["5", "latency-50ms"]) },
      { file: "crawl/redis-workers.ts", name: "redis", args: quickOnly },
    ],
  },
};

const [which = "core", ...args] = process.argv.slice(2);
const suite = suites[which];
if (suite === undefined) {
  console.error(`suite: expected one of ${Object.keys(suites).join(", ")}, got '${which}'`);
  process.exit(1);
}
const script = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const runScript = (f: string, a: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", script(f), ...a], { stdio: "inherit" }).status ?? 1;

const filterAt = args.indexOf("--filter");
const wanted = filterAt === -1 ? null : (args[filterAt + 1] ?? "").split(",").filter(Boolean);
const laterNames = suite.later.map((l) => l.name);
let code = 0;
// A later script's name is not a workload of the first: take it out of the filter.
const firstWanted = wanted?.filter((w) => !laterNames.includes(w)) ?? null;
if (firstWanted === null || firstWanted.length > 0) {
  const firstArgs = (firstWanted === null ? args : args.map((a, i) => (i === filterAt + 1 ? firstWanted.join(",") : a))).filter(
    (a, i, all) => a !== "--docs-pages" && all[i - 1] !== "--docs-pages",
  );
  code = runScript(suite.first, firstArgs);
}
let built = false;
for (const later of suite.later) {
  if (wanted !== null && !wanted.includes(later.name)) continue;
  if (later.built && !built) {
    // The probes load packages/*/dist, as users run them: bring it up to date.
    const tsc = spawnSync(process.execPath, [fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url)), "-b", "packages/corio", "packages/crawl"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      stdio: "inherit",
    });
    if (tsc.status !== 0) process.exit(tsc.status ?? 1);
    built = true;
  }
  console.log(`\n# ${later.name}: ${later.file}\n`);
  code = Math.max(code, runScript(later.file, later.args(args)));
}
process.exit(code);
