/**
 * The child side of one measured run: parse the job, run the contender, report wall time
 * and peak RSS to the parent over IPC, and exit (whatever timers the contender left).
 */
import type { Job, RunReport } from "./protocol.js";

const cpuMs = (): number => {
  const u = process.resourceUsage();
  return (u.userCPUTime + u.systemCPUTime) / 1000;
};

export type Contender = (job: Job) => Promise<{ failed?: number } | void>;

export function runChild(contender: Contender): void {
  const job = JSON.parse(process.argv[2]!) as Job;
  process.on("disconnect", () => process.exit(1));
  const send = (r: RunReport): void => {
    if (process.send) process.send(r, () => process.exit(0));
    else {
      console.log(JSON.stringify(r));
      process.exit(0);
    }
  };
  const t0 = performance.now();
  contender(job).then(
    (out) => {
      const ms = performance.now() - t0;
      send({ ok: true, ms, maxRssKiB: process.resourceUsage().maxRSS, cpuMs: cpuMs(), ...(out && out.failed !== undefined ? { failed: out.failed } : {}) });
    },
    (e: unknown) => {
      const ms = performance.now() - t0;
      send({ ok: false, ms, maxRssKiB: process.resourceUsage().maxRSS, cpuMs: cpuMs(), error: String((e as Error)?.stack ?? e).slice(0, 2000) });
    },
  );
}
