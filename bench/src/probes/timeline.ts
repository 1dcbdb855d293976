/**
 * Where a novel crawl's wall time goes, phase by phase: corio crawl against the
 * fetch-only reference of `npm run bench:crawl`, in fresh processes, alternated, against
 * one fixture server.
 *
 *   npx tsx bench/src/probes/timeline.ts [runs=5] [scenario=latency-50ms] [chapters=2000]
 *
 * At 50 ms a crawl waits on the network, so its pages/s is set by the phases where it
 * does not: what it does before the first chapter's request and after the last response.
 * The contenders run unchanged (the bundles bench:crawl runs); `timeline-hook.ts` times
 * undici's requests in their processes. Phases, medians over the runs, ms:
 * - start → robots.txt request: opening the state, setting up;
 * - robots.txt round trip, to the index's request;
 * - the index's round trip;
 * - index handling: the index's response to the first chapter's request (decoding,
 *   scanning its links, committing them, leasing the first chapters);
 * - chapters: the first chapter's request to the last response;
 * - tail: the last response to the end (the last commits, the book, closing).
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildChildren, BUILD_DIR } from "../crawl/build.js";
import { exited, waitMessage } from "../crawl/child-messages.js";
import { SCENARIOS } from "../crawl/scenarios.js";
import type { Job, RunReport, ServerReady } from "../crawl/protocol.js";
import type { Timeline } from "./timeline-hook.js";

const [runsArg = "5", scenarioId = "latency-50ms", chaptersArg = "2000"] = process.argv.slice(2);
const runs = Number(runsArg);
const chapters = Number(chaptersArg);
if (!(Number.isInteger(runs) && runs >= 1 && Number.isInteger(chapters) && chapters >= 1 && SCENARIOS.some((s) => s.id === scenarioId && !s.faults))) {
  console.error(`timeline: expected [runs ≥ 1] [latency-0|latency-50ms] [chapters ≥ 1], got ${process.argv.slice(2).join(" ") || "nothing"}`);
  process.exit(2);
}

const CONTENDERS = ["corio", "fetch-only"] as const;
const bundles = await buildChildren(["server", ...CONTENDERS, "page-job"]);
const hook = join(BUILD_DIR, "timeline-hook.mjs");
await build({ entryPoints: [fileURLToPath(new URL("./timeline-hook.ts", import.meta.url))], outfile: hook, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "error" });

const server = fork(bundles.server!, [JSON.stringify({ scenario: scenarioId, chapters })], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
const ready = await waitMessage<ServerReady>(server, "fixture server", 30_000);
const seen: Record<string, Timeline[]> = Object.fromEntries(CONTENDERS.map((c) => [c, []]));
try {
  for (let r = 0; r < runs; r++) {
    for (const contender of CONTENDERS) {
      const dir = mkdtempSync(join(tmpdir(), "corio-timeline-"));
      try {
        const job: Job = { indexUrl: ready.indexUrl, dir, concurrency: 16, retries: 3, timeoutMs: 2000 };
        const child = fork(bundles[contender]!, [JSON.stringify(job)], {
          cwd: dir,
          execArgv: ["--import", hook],
          env: { ...process.env, CORIO_CRAWL_PAGE_JOB: bundles["page-job"] },
          stdio: ["ignore", "ignore", "inherit", "ipc"],
        });
        const report = await waitMessage<RunReport & { timeline: Timeline }>(child, contender, 180_000);
        await exited(child);
        if (!report.ok) throw new Error(`${contender} failed: ${report.error}`);
        seen[contender]!.push(report.timeline);
        process.stderr.write(`run ${r + 1}/${runs} ${contender}: ${report.ms.toFixed(0)} ms\n`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
} finally {
  server.kill();
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const PHASES: [string, (t: Timeline) => number][] = [
  ["start → robots.txt request", (t) => t.robotsRequest],
  ["robots.txt round trip", (t) => t.indexRequest - t.robotsRequest],
  ["the index's round trip", (t) => t.indexResponse - t.indexRequest],
  ["index handling", (t) => t.firstChapterRequest - t.indexResponse],
  ["chapters", (t) => t.lastResponse - t.firstChapterRequest],
  ["tail", (t) => t.end - t.lastResponse],
  ["whole crawl", (t) => t.end],
];
const fmt = (ms: number): string => {
  if (Number.isNaN(ms)) return "—";
  const rounded = Math.abs(ms) < 100 ? Math.round(ms * 10) / 10 : Math.round(ms);
  return (rounded === 0 ? 0 : rounded).toLocaleString("en-US"); // no "-0"
};
console.log(`${chapters} chapters, ${scenarioId}, medians of ${runs} fresh-process runs each, ms\n`);
console.log(`| phase | ${CONTENDERS.join(" | ")} | difference |\n|---|${CONTENDERS.map(() => "---:|").join("")}---:|`);
for (const [label, of] of PHASES) {
  const [a, b] = CONTENDERS.map((c) => median(seen[c]!.map(of)));
  console.log(`| ${label} | ${fmt(a!)} | ${fmt(b!)} | ${fmt(a! - b!)} |`);
}
const pps = CONTENDERS.map((c) => (chapters + 1) / (median(seen[c]!.map((t) => t.end)) / 1000));
console.log(`\npages/s: corio ${fmt(pps[0]!)}, fetch-only ${fmt(pps[1]!)} (${((pps[0]! / pps[1]!) * 100).toFixed(1)}%)`);
