/**
 * What `corio crawl status` shows of a Redis crawl: the counts, and per worker the pages
 * it completed and its rate between its first lease and its latest heartbeat (hashes
 * `wstart`, `wseen`, `wdone`, kept by the scripts with the server's clock), and what
 * it says it is doing (`wstate`, see `worker-activity.ts`).
 * @module
 */
import type { FrontierCounts } from "./frontier.js";
import type { RedisConnection } from "./redis-connection.js";
import { parseActivity, type WorkerActivity } from "./worker-activity.js";

/** One worker's line. */
export interface WorkerStatus {
  worker: string;
  /** URLs this worker completed. */
  done: number;
  /** First lease and latest heartbeat, server ms. */
  startedAt: number;
  lastSeen: number;
  /** `done` per second between `startedAt` and `lastSeen`. */
  pagesPerSec: number;
  /** What it published it is doing (`null`: nothing yet, or a worker of an older corio). */
  activity: WorkerActivity | null;
}

/** A crawl's progress. */
export interface CrawlStatus {
  crawlId: string;
  counts: FrontierCounts;
  workers: WorkerStatus[];
  /** When a worker saw the crawl end (ISO time), or `null`. */
  finished: string | null;
}

/** Read the per-worker hashes of the crawl under `prefix`. */
export async function readStatus(conn: RedisConnection, prefix: string, crawlId: string, counts: FrontierCounts, finished: string | null): Promise<CrawlStatus> {
  const r = conn.redis;
  const [start, seen, done, state] = await Promise.all(["wstart", "wseen", "wdone", "wstate"].map((k) => conn.run("status", () => r.hgetall(prefix + k))));
  const workers = Object.keys({ ...start, ...done }).map((worker): WorkerStatus => {
    const startedAt = Number(start![worker] ?? 0);
    const lastSeen = Number(seen![worker] ?? startedAt);
    const n = Number(done![worker] ?? 0);
    const secs = (lastSeen - startedAt) / 1000;
    return { worker, done: n, startedAt, lastSeen, pagesPerSec: secs > 0 ? n / secs : 0, activity: parseActivity(state![worker]) };
  });
  workers.sort((a, b) => a.startedAt - b.startedAt || a.worker.localeCompare(b.worker));
  return { crawlId, counts, workers, finished };
}
