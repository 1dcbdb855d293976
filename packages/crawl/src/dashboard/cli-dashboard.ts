/**
 * `--dashboard [port]` for the CLI: starts the server before the crawl (so its address is on
 * stderr before the first request), hands the engine a {@link LiveStats} observer and a
 * control, and after the crawl keeps answering the final numbers for
 * {@link DASHBOARD_LINGER_MS} so an open page and a poller see the end.
 * @module
 */
import { EnvironmentError, UsageError } from "../errors.js";
import type { CrawlControl, CrawlHooks } from "../engine.js";
import { LiveStats } from "./live-stats.js";
import { isLoopback } from "./request-guard.js";
import { startDashboard, type DashboardServer } from "./server.js";

/** How long the server keeps answering after the crawl ended, ms. */
export const DASHBOARD_LINGER_MS = 2_000;
/** How often the time series gets a point, ms. */
const SAMPLE_EVERY_MS = 1_000;

/** What the CLI asks for. */
export interface DashboardRequest {
  /** `null`: collect the numbers (for `--report`) but serve nothing. */
  port: number | null;
  host: string;
  mode: "book" | "site";
  command: string;
  start: string[];
  /** What the dashboard's stop button does: the same as Ctrl-C. */
  stop: () => void;
  stderr: (text: string) => void;
}

/** A started dashboard: hooks for the engine, and the end. */
export interface CliDashboard {
  readonly live: LiveStats;
  readonly server: DashboardServer | null;
  /** Merge into the crawl's hooks. */
  hooks(base: CrawlHooks): CrawlHooks;
  /** After the crawl: push the final snapshot, answer for the linger time, close. */
  finish(lingerMs?: number): Promise<void>;
}

/** Parse the `--dashboard` value: `true` (no value) is any free port. */
export function dashboardPort(value: unknown): number {
  if (value === true || value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`${String(value)} is not a port; give a number 1–65535, or 0 for any free port (e.g. --dashboard 8080)`, { option: "--dashboard" });
  }
  return port;
}

/**
 * Start the dashboard for one CLI crawl.
 *
 * @example
 * ```ts
 * const dash = await openDashboard({ port: 0, host: "127.0.0.1", mode: "site", command: "corio crawl site …", start: [url], stop, stderr });
 * const summary = await run(crawl(options, dash.hooks({})));
 * await dash.finish();
 * ```
 */
export async function openDashboard(req: DashboardRequest): Promise<CliDashboard> {
  if (req.port !== null && !isLoopback(req.host)) {
    req.stderr(`corio crawl: warning: the dashboard listens on ${req.host}: anyone who can reach that address can watch, pause and stop this crawl\n`);
  }
  const live = new LiveStats({ mode: req.mode, command: req.command, start: req.start });
  let control: CrawlControl | null = null;
  let pauseWanted = false;
  let server: DashboardServer | null = null;
  try {
    if (req.port !== null) server = await startDashboard({
      port: req.port,
      host: req.host,
      snapshot: () => live.snapshot(),
      control: {
        pause: () => (control === null ? (pauseWanted = true) : control.pause()),
        resume: () => (control === null ? (pauseWanted = false) : control.resume()),
        stop: req.stop,
      },
    });
  } catch (e) {
    throw listenError(e, req);
  }
  const sampler = setInterval(() => live.sample(), SAMPLE_EVERY_MS);
  sampler.unref();
  if (server !== null) req.stderr(`dashboard: ${server.url}\n`);
  return {
    live,
    server,
    hooks: (base) => ({
      ...base,
      observer: live,
      onStart: (c) => {
        control = c;
        if (pauseWanted) c.pause();
        base.onStart?.(c);
      },
    }),
    finish: async (lingerMs = DASHBOARD_LINGER_MS) => {
      clearInterval(sampler);
      if (server === null) return;
      server.flush();
      await new Promise((r) => setTimeout(r, lingerMs));
      await server.close();
    },
  };
}

function listenError(e: unknown, req: DashboardRequest): Error {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "EADDRINUSE") return new UsageError(`port ${req.port} on ${req.host} is in use; pass another port, or --dashboard 0 for any free one`, { option: "--dashboard" });
  if (code === "EACCES") return new UsageError(`not allowed to listen on port ${req.port}; pass a port above 1023, or --dashboard 0`, { option: "--dashboard" });
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new UsageError(`${req.host} is no address of this machine; pass one of its addresses, or leave it out for 127.0.0.1`, { option: "--dashboard-host" });
  }
  return new EnvironmentError("environment", `the dashboard could not listen on ${req.host}:${req.port}: ${(e as Error)?.message ?? String(e)}`);
}
