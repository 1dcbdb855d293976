/**
 * `corio crawl status --frontier redis://… --crawl-id NAME [--json]`: progress of a
 * shared crawl — done, queued, leased, failed, skipped, and per worker its pages and
 * pages/s (between its first and its latest heartbeat). A local crawl's status, read from
 * its state file, is `state-status.ts`.
 * @module
 */
import type { CrawlStatus } from "../../frontier/redis-status.js";
import { describeWorker } from "../../frontier/worker-activity.js";
import type { CliIo } from "../run-cli.js";

/** Options of {@link crawlStatus}: the Redis crawl to look at. */
export interface StatusOptions {
  frontier: string;
  crawlId: string;
  json?: boolean;
}

/**
 * Print the status of a shared crawl; resolves to the exit code.
 *
 * @example
 * ```ts
 * await crawlStatus({ frontier: "redis://127.0.0.1:6379/0", crawlId: "novel", json: true }, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
 * ```
 */
export async function crawlStatus(o: StatusOptions, io: CliIo): Promise<number> {
  const { RedisFrontier } = await import("../../frontier/redis-frontier.js");
  const frontier = await RedisFrontier.connect(o.frontier, { crawlId: o.crawlId });
  try {
    const status = await frontier.status();
    io.stdout(o.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status, Date.now()));
    return 0;
  } finally {
    await frontier.close();
  }
}

/** The human form of a status, e.g. for `corio crawl status`. */
export function formatStatus(s: CrawlStatus, now: number): string {
  const c = s.counts;
  const lines = [
    `crawl '${s.crawlId}': ${s.finished ? `finished ${s.finished}` : c.queued + c.leased > 0 ? "running" : "idle"}`,
    `  done ${c.ok + c.failed} (ok ${c.ok}, failed ${c.failed}), skipped ${c.skipped}, queued ${c.queued}, leased ${c.leased}`,
  ];
  if (s.workers.length > 0) lines.push("  workers:");
  for (const w of s.workers) {
    const ago = Math.max(0, Math.round((now - w.lastSeen) / 1000));
    const doing = w.activity === null ? "" : `  ${describeWorker(w.activity, w.lastSeen, now)}`;
    lines.push(`    ${w.worker}  ${w.done} pages  ${w.pagesPerSec.toFixed(1)} pages/s  last seen ${ago}s ago${doing}`);
  }
  return `${lines.join("\n")}\n`;
}
