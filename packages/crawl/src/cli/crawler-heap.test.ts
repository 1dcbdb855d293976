import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CRAWLER_HEAP } from "./crawler-heap.js";

const MODULE = fileURLToPath(new URL("./crawler-heap.ts", import.meta.url));

// A process of its own per case: V8's flags belong to the process, and the young
// generation only grows under an allocation load that keeps some of it alive.
const CHILD = `
import { getHeapSpaceStatistics } from "node:v8";
const { tuneHeapForCrawling } = await import(${JSON.stringify(MODULE)});
const tuning = tuneHeapForCrawling();
let keep = [];
let most = 0;
for (let i = 0; i < 3e6; i++) {
  keep.push({ i, s: "x" + i });
  if (keep.length > 300000) keep = [];
  if (i % 1000 === 0) await new Promise((r) => setImmediate(r)); // let the GC observer run
  if (i % 20000 === 0) most = Math.max(most, getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size);
}
console.log(JSON.stringify({ tuning, youngMb: most / 2 ** 20 }));
`;

function runChild(nodeFlags: string[] = [], env: Record<string, string> = {}): { tuning: Record<string, string>; youngMb: number } {
  const out = execFileSync(process.execPath, [...nodeFlags, "--import", "tsx", "--input-type=module", "-e", CHILD], {
    env: { ...process.env, CORIO_CRAWL_HEAP: "", NODE_OPTIONS: "", ...env },
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

describe("tuneHeapForCrawling", () => {
  it("stops the young generation at its cap, where V8 alone grows it to 16 MB a semi-space", () => {
    const tuned = runChild();
    const untuned = runChild([], { CORIO_CRAWL_HEAP: "node" });
    expect(tuned.tuning).toEqual({ youngGenerationCap: "set", oldGenerationGrowth: "set" });
    expect(tuned.youngMb).toBeLessThanOrEqual(2 * CRAWLER_HEAP.semiSpaceMb);
    expect(untuned.tuning.youngGenerationCap).toBe("CORIO_CRAWL_HEAP=node");
    expect(untuned.youngMb).toBeGreaterThan(2 * CRAWLER_HEAP.semiSpaceMb);
  }, 60_000);

  it("leaves alone what the user told node, in argv or NODE_OPTIONS", () => {
    const options = runChild([], { NODE_OPTIONS: "--max-semi-space-size=16" });
    expect(options.tuning).toEqual({ youngGenerationCap: "node was given --max-semi-space-size=16", oldGenerationGrowth: "set" });
    expect(options.youngMb).toBeGreaterThan(2 * CRAWLER_HEAP.semiSpaceMb);
    const argv = runChild(["--heap_growing_percent=200"]);
    expect(argv.tuning).toEqual({ youngGenerationCap: "set", oldGenerationGrowth: "node was given --heap_growing_percent=200" });
  }, 60_000);
});
