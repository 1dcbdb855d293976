/**
 * `corio crawl status --frontier redis://… --crawl-id NAME [--json]`: progress of a
 * shared crawl — done, queued, leased, failed, skipped, and per worker its pages and
 * pages/s (between its first and its latest heartbeat).
 * @module
 */
import { RedisFrontier, type CrawlStatus } from "../../frontier/redis-frontier.js";
import type { CliIo } from "../run-cli.js";

/** Options of {@link crawlStatus}. */
export interface StatusOptions {
  frontier: string;
  crawlId: string;
  json?: boolean;
}

/** Print the status; resolves to the exit code. */
export async function crawlStatus(o: StatusOptions, io: CliIo): Promise<number> {
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
    lines.push(`    ${w.worker}  ${w.done} pages  ${w.pagesPerSec.toFixed(1)} pages/s  last seen ${ago}s ago`);
  }
  return `${lines.join("\n")}\n`;
}
