import { gather, run, sleep } from "corio";
import type { Params, Result } from "../../workloads/semaphore.js";

/**
 * corio's counterpart of `effect-concurrency`: `permits` worker tasks take the jobs in
 * turn (what `Effect.all(…, { concurrency })` does inside) — no Semaphore object, and
 * never more than `permits` tasks alive.
 */
export default function corioWorkers(p: Params): Promise<Result> {
  const r: Result = { count: 0, maxInside: 0 };
  let inside = 0;

  return run(function* () {
    let next = 0;

    function* job(): Generator<unknown, void, unknown> {
      if (++inside > r.maxInside) r.maxInside = inside;
      yield* sleep(0);
      inside--;
      r.count++;
    }

    function* worker(): Generator<unknown, void, unknown> {
      while (next < p.tasks) {
        next++;
        yield* job();
      }
    }

    yield* gather(Array.from({ length: p.permits }, () => worker()));
    return r;
  });
}
