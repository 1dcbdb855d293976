/** Messages between the orchestrator (main.ts) and its children, over the fork IPC channel. */

/** What a contender child is asked to do (argv[2], JSON). */
export interface Job {
  indexUrl: string;
  /** Directory for the book (`book.md`) and any state; the child's cwd. */
  dir: string;
  concurrency: number;
  retries: number;
  timeoutMs: number;
}

/** What a contender child reports. */
export interface RunReport {
  ok: boolean;
  /** Wall time of the crawl, from before the first request to the book on disk. */
  ms: number;
  /** process.resourceUsage().maxRSS, KiB. */
  maxRssKiB: number;
  /** CPU time (user + system) of the whole child process, ms. */
  cpuMs: number;
  /** Chapters the contender itself reports as failed for good. */
  failed?: number;
  error?: string;
}

/** Fixture server child: argv[2] = { scenario, chapters }; sends ServerReady, then on "close" ServerStats. */
export interface ServerReady {
  kind: "ready";
  indexUrl: string;
  /** CPU time of the server so far (its start-up), ms. */
  cpuMs: number;
}
export interface ServerStats {
  kind: "stats";
  requests: number;
  /** CPU time (user + system) of the server process, ms. */
  cpuMs: number;
}
