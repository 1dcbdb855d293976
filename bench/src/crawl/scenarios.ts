/**
 * The three scenarios of `npm run bench:crawl`, shared by the orchestrator and the fixture
 * server child: the same novel, with no latency, with 50 ms per response, and with faults
 * (5 % of chapters answer 500 twice, 1 % stall past the per-request timeout once).
 */
import type { Fault, FixtureSiteOptions } from "../../../packages/crawl/test/fixture-site/index.js";

export type ScenarioId = "latency-0" | "latency-50ms" | "faults";

export interface Scenario {
  id: ScenarioId;
  label: string;
  latencyMs: number;
  faults: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: "latency-0", label: "latency 0", latencyMs: 0, faults: false },
  { id: "latency-50ms", label: "latency 50 ms", latencyMs: 50, faults: false },
  { id: "faults", label: "faults (5% 500×2, 1% stall)", latencyMs: 0, faults: true },
];

/** Chapters that answer 500 to their first two requests (5 %). */
export const isFailChapter = (n: number): boolean => n % 20 === 7;
/** Chapters whose first request never answers (1 %): the client's timeout must fire. */
export const isStallChapter = (n: number): boolean => n % 100 === 53;

/** Fixture-site options of a scenario for a novel of `chapters` chapters. */
export function siteOptions(s: Scenario, chapters: number): FixtureSiteOptions {
  const faults: Record<string, Fault[]> = {};
  if (s.faults) {
    for (let n = 1; n <= chapters; n++) {
      const path = `/book/${1000 + n}.html`;
      if (isFailChapter(n)) faults[path] = [{ status: 500 }, { status: 500 }];
      else if (isStallChapter(n)) faults[path] = [{ hang: true }];
    }
  }
  return { chapters, latencyMs: s.latencyMs, faults, prerender: true };
}
