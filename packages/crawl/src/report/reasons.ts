/**
 * Failed and skipped URLs counted by reason — the per-reason figures of the summary and
 * of `corio crawl status`, counted from the same rows `errors.jsonl` is written from, so
 * the three never disagree.
 * @module
 */
import type { ProblemRecord } from "../frontier/frontier.js";

/** Reason → its outcome and how many URLs ended with it. */
export type ReasonCounts = Map<string, { outcome: "failed" | "skipped"; count: number }>;

/**
 * Count one failed or skipped URL.
 *
 * @example
 * ```ts
 * const counts: ReasonCounts = new Map();
 * countReason(counts, { outcome: "skipped", reason: "out-of-scope" });
 * counts.get("out-of-scope"); // { outcome: "skipped", count: 1 }
 * ```
 */
export function countReason(counts: ReasonCounts, problem: Pick<ProblemRecord, "outcome" | "reason">): void {
  const r = counts.get(problem.reason) ?? { outcome: problem.outcome, count: 0 };
  r.count++;
  counts.set(problem.reason, r);
}

/** Count every problem of a frontier (`frontier.problems()`). */
export async function reasonCounts(problems: AsyncIterable<ProblemRecord>): Promise<ReasonCounts> {
  const counts: ReasonCounts = new Map();
  for await (const p of problems) countReason(counts, p);
  return counts;
}
