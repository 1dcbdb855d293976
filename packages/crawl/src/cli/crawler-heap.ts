/**
 * V8's heap sized for a crawl, in the process of the `corio crawl` command.
 *
 * V8's defaults let the young generation grow to 16 MB per semi-space and the old
 * generation to a multiple of its live size before a full collection. A crawler's objects
 * either die with their page (bodies, decoded text, tokens) or live for the whole crawl
 * (the frontier's batches, the host table), so that headroom holds garbage, not work.
 * Measured on the 2,000-chapter novel of `npm run bench:crawl` (latency 0, quiet, the same
 * day): peak RSS 160–172 MB with V8's defaults, 111–121 MB with the young generation capped
 * at 4 MB a semi-space and the old one grown by half its live size; pages/s within the
 * spread between runs. GC time for the crawl went from about 205 ms (42 scavenges, 3 full
 * collections) to 291 ms (123 scavenges, 8 full); a 1 MB cap cost 575 ms (467 scavenges).
 * On the 20,000-page docs site (`bench/src/probes/docs-site.ts`) peak RSS went from
 * 236–321 MB to 188–191 MB. The tables: docs/crawl-performance.md.
 *
 * Only the command does this: it owns its process. A program that runs `crawl()`
 * itself keeps whatever heap it chose (it may call this too). Flags the user gave node
 * (`node --max-semi-space-size=16 …`, or in `NODE_OPTIONS`) win over ours, and
 * `CORIO_CRAWL_HEAP=node` keeps every V8 default.
 *
 * Why at run time and not as node flags: the command is started by `node …/main.js`, by
 * npm's bin links and by `corio crawl`, and a shebang's flags reach only some of those.
 * `--max-semi-space-size` is read once, when the heap is set up, so the cap is made from
 * `--semi-space-growth-factor`, which V8 reads each time it grows the young generation:
 * once the young generation has grown to the cap, the factor becomes 1.
 * @module
 */
import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/** What the command asks of V8. */
export const CRAWLER_HEAP = {
  /** Largest semi-space of the young generation, MB (V8's default on 64-bit: 16). */
  semiSpaceMb: 4,
  /** After a full collection, the old generation may grow by this % of what survived. */
  heapGrowingPercent: 50,
} as const;

/** What {@link tuneHeapForCrawling} did; the reasons name why a part was left alone. */
export interface HeapTuning {
  youngGenerationCap: "set" | string;
  oldGenerationGrowth: "set" | string;
}

const YOUNG_FLAGS = ["--max-semi-space-size", "--min-semi-space-size", "--semi-space-growth-factor"];
const OLD_FLAGS = ["--heap-growing-percent"];

let applied: HeapTuning | null = null;

/**
 * Size V8's heap for crawling (see the module comment for the figures). Once per process;
 * later calls return the first call's outcome.
 *
 * @example
 * ```ts
 * import { tuneHeapForCrawling } from "@corio/crawl";
 * const tuning = tuneHeapForCrawling();
 * console.log(tuning.youngGenerationCap); // "set", or why not
 * ```
 */
export function tuneHeapForCrawling(env: NodeJS.ProcessEnv = process.env, nodeFlags: readonly string[] = [...process.execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)]): HeapTuning {
  if (applied !== null) return applied;
  const runtime = otherRuntime();
  if (runtime !== null) return (applied = { youngGenerationCap: `not on ${runtime}`, oldGenerationGrowth: `not on ${runtime}` });
  if (env.CORIO_CRAWL_HEAP === "node") return (applied = { youngGenerationCap: "CORIO_CRAWL_HEAP=node", oldGenerationGrowth: "CORIO_CRAWL_HEAP=node" });
  // node takes `--max-semi-space-size=8`, `--max_semi_space_size=8` and `--max-semi-space-size 8`.
  const given = (names: string[]) => nodeFlags.find((f) => names.includes(`--${f.split("=")[0]!.replace(/^--/, "").replaceAll("_", "-")}`));
  const young = given(YOUNG_FLAGS);
  const old = given(OLD_FLAGS);
  if (old === undefined) setFlagsFromString(`--heap-growing-percent=${CRAWLER_HEAP.heapGrowingPercent}`);
  if (young === undefined) capYoungGeneration(CRAWLER_HEAP.semiSpaceMb);
  return (applied = { youngGenerationCap: young === undefined ? "set" : `node was given ${young}`, oldGenerationGrowth: old === undefined ? "set" : `node was given ${old}` });
}

/** Bun and Deno implement `node:v8` in part, and their heaps are not V8's defaults to tune. */
function otherRuntime(): string | null {
  if (typeof (globalThis as { Bun?: unknown }).Bun !== "undefined") return "Bun";
  if (typeof (globalThis as { Deno?: unknown }).Deno !== "undefined") return "Deno";
  return null;
}

/** Bytes of the young generation now (both semi-spaces). */
function youngBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
}

/**
 * Stop the young generation's growth once it reaches `semiSpaceMb` a semi-space. V8 grows
 * it by doubling after a scavenge, so it passes through the cap (1, 2, 4 MB …); each
 * collection is checked until then, and the observer is gone after.
 */
function capYoungGeneration(semiSpaceMb: number): void {
  const cap = 2 * semiSpaceMb * 1024 * 1024;
  const stopGrowing = (): boolean => {
    if (youngBytes() < cap) return false;
    setFlagsFromString("--semi-space-growth-factor=1");
    return true;
  };
  if (stopGrowing()) return;
  const observer = new PerformanceObserver(() => {
    if (stopGrowing()) observer.disconnect();
  });
  observer.observe({ entryTypes: ["gc"] });
}
