/**
 * One measurement in a fresh process: `tsx child.ts <workload> <contender> <full|quick>`.
 * Warms the contender up on a small run, collects garbage, times one full run, checks its
 * result and that it left no timer behind, and sends one Sample to the parent over IPC.
 */
import { pathToFileURL } from "node:url";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { findWorkload } from "./workloads/index.js";
import type { Contender } from "./workloads/types.js";

export interface Sample {
  ok: boolean;
  ms: number;
  /** CPU time (user + system, every thread of the process) of the timed run, in ms. */
  cpuMs: number;
  /** process.resourceUsage().maxRSS at the end, in KiB. */
  maxRssKiB: number;
  error?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const activeTimers = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

async function measure(workloadId: string, contender: string, mode: string): Promise<Sample> {
  const w = findWorkload(workloadId);
  const params = mode === "quick" ? w.params.quick : w.params.full;
  const file = path.join(here, "contenders", workloadId, `${contender}.ts`);
  const mod = (await import(pathToFileURL(file).href)) as { default: Contender<unknown, unknown> };
  const run = mod.default;

  const warm = await run(w.params.warmup);
  const warmError = w.verify(w.params.warmup, warm);
  if (warmError) throw new Error(`warm-up run: ${warmError}`);

  gc();
  const timersBefore = activeTimers();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await run(params);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssKiB = process.resourceUsage().maxRSS;

  const error = w.verify(params, result);
  if (error) return { ok: false, ms, cpuMs, maxRssKiB, error };
  const leaked = activeTimers() - timersBefore;
  if (leaked > 0) return { ok: false, ms, cpuMs, maxRssKiB, error: `${leaked} timer(s) still active after the run` };
  return { ok: true, ms, cpuMs, maxRssKiB };
}

function send(sample: Sample): void {
  if (process.send) process.send(sample, () => process.exit(0));
  else {
    console.log(JSON.stringify(sample));
    process.exit(0);
  }
}

// If the parent dies, do not linger as an orphan burning a core.
process.on("disconnect", () => process.exit(1));

const [workloadId, contender, mode = "full"] = process.argv.slice(2);
if (!workloadId || !contender) {
  console.error("usage: child.ts <workload> <contender> [full|quick]");
  process.exit(2);
}
measure(workloadId, contender, mode).then(send, (e: unknown) => {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  send({ ok: false, ms: NaN, cpuMs: NaN, maxRssKiB: process.resourceUsage().maxRSS, error: msg });
});
