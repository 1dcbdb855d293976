import { Effect } from "effect";
import type { Params, Result } from "../../workloads/timeout.js";

export default async function effect(p: Params): Promise<Result> {
  const ids = Array.from({ length: p.tasks }, (_, i) => i);
  const results = await Effect.runPromise(
    Effect.forEach(ids, (i) => Effect.timeout(Effect.as(Effect.yieldNow, i), p.timeoutMs), {
      concurrency: "unbounded",
    }),
  );
  let sum = 0;
  for (const r of results) sum += r;
  return { count: results.length, sum };
}
