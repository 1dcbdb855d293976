/**
 * Runs several benchmark scripts one after the other with the caller's flags, so one
 * `npm run bench` (or `bench:crawl`) prints every table of its issue family:
 *
 *   tsx src/suite.ts core   → src/main.ts (runtime + sync tables), then src/io/main.ts
 *   tsx src/suite.ts crawl  → src/crawl/main.ts, then src/crawl/redis-workers.ts
 *
 * `--filter`/`--only` go to the first script only; the second one runs unless `--filter`
 * is given without naming it ("io" / "redis"); `--quick` goes to both.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const suites: Record<string, [string, string, string]> = {
  core: ["main.ts", "io/main.ts", "io"],
  crawl: ["crawl/main.ts", "crawl/redis-workers.ts", "redis"],
};

const [which = "core", ...args] = process.argv.slice(2);
const suite = suites[which];
if (suite === undefined) {
  console.error(`suite: expected one of ${Object.keys(suites).join(", ")}, got '${which}'`);
  process.exit(1);
}
const [first, second, secondName] = suite;
const script = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const runScript = (f: string, a: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", script(f), ...a], { stdio: "inherit" }).status ?? 1;

const filterAt = args.indexOf("--filter");
const wanted = filterAt === -1 ? null : (args[filterAt + 1] ?? "").split(",").filter(Boolean);
let code = 0;
// The second script's name is not a workload of the first: take it out of the filter.
const firstWanted = wanted?.filter((w) => w !== secondName) ?? null;
if (firstWanted === null || firstWanted.length > 0) {
  const firstArgs = firstWanted === null ? args : args.map((a, i) => (i === filterAt + 1 ? firstWanted.join(",") : a));
  code = runScript(first, firstArgs);
}
if (wanted === null || wanted.includes(secondName)) {
  console.log(`\n# ${secondName}: ${second}\n`);
  code = Math.max(code, runScript(second, args.includes("--quick") ? ["--quick"] : []));
}
process.exit(code);
