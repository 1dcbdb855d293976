/**
 * A loopback HTTP server for crawler tests and the demo: the generated novel (GBK, half
 * the chapters declaring their charset only in `<meta>`), a few fixed routes for the
 * faults a crawler must survive, and a record of every request with the peak number of
 * concurrent requests per host.
 *
 * Routes (all GET):
 * - `/book/` index, `/book/{1000+n}.html` chapters; `/` a home page linking to the book.
 * - `/robots.txt` from `robotsTxt` (default: allow everything).
 * - `/loop/a` ⇄ `/loop/b` redirect loop; `/redirect/{n}` a chain of n redirects to `/book/`;
 *   `redirects` adds more.
 * - `/trap/...` every page links to `a/` below itself, so a naive crawler descends forever.
 * - `/big.html` (with Content-Length) and `/big-chunked.html` (without): `bigBodyBytes` bytes.
 * - `/charset/{case}.html`: see `CHARSET_CASES` in `routes.ts`.
 * - `/status/{code}`, `/data.json`, `/empty.html`, `/private/secret.html`.
 * - `/site/` and `/site/p{n}.html`: a small linked site for site mode.
 *
 * Faults are per path and per attempt: `faults["/book/1005.html"] = failFirst(2)` makes the
 * first two requests for that path answer 500 and later ones succeed.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { generateNovel, type Novel, type NovelOptions } from "./novel.js";
import { RecordState } from "./record.js";
import { prerenderNovel, route } from "./routes.js";

export { CHARSET_CASES, CHARSET_SAMPLE } from "./routes.js";

/** What to do to one attempt at a path instead of (or before) serving it. */
export type Fault =
  /** Answer this status (with `Retry-After` when given). */
  | { status: number; retryAfter?: string; body?: string }
  /** Never answer; the connection stays open until the client gives up or the server closes. */
  | { hang: true }
  /** Wait, then serve normally. */
  | { delayMs: number }
  /** Destroy the connection without a response (ECONNRESET / socket error at the client). */
  | { reset: true };

/** `k` attempts answered with `status` (default 500). */
export function failFirst(k: number, status = 500): Fault[] {
  return Array.from({ length: k }, () => ({ status }));
}

/** `k` attempts answered 429 with `Retry-After: retryAfter`. */
export function rateLimited(k: number, retryAfter: string): Fault[] {
  return Array.from({ length: k }, () => ({ status: 429, retryAfter }));
}

/** Options of {@link startFixtureSite}. */
export interface FixtureSiteOptions extends NovelOptions {
  /** Delay before every response, in ms (or per request). Default 0. */
  latencyMs?: number | ((path: string) => number);
  /** Per path (with query) and attempt (0-based): faults; later attempts are served normally. */
  faults?: Record<string, Fault[]>;
  /** robots.txt body, or a status to answer instead. Default `User-agent: *\nAllow: /\n`. */
  robotsTxt?: string | { status: number; body?: string };
  /** Extra redirects: path → target (302 unless a status is given). */
  redirects?: Record<string, string | { to: string; status: number }>;
  /** Chapter numbers served with `charset=utf-8` in the header although the body is GBK. */
  wrongCharsetChapters?: readonly number[];
  /** Size of `/big.html` and `/big-chunked.html`. Default 11 MiB (over the 10 MiB default cap). */
  bigBodyBytes?: number;
  /** Number of `/site/p{n}.html` pages. Default 20. */
  sitePages?: number;
  /**
   * Render and encode every page of the novel before listening (see `prerenderNovel`);
   * otherwise each page is rendered on its first request. Default false.
   */
  prerender?: boolean;
}

/** One request the server received. */
export interface FixtureRequest {
  method: string;
  /** Path with query. */
  path: string;
  /** The Host header. */
  host: string;
  userAgent: string | undefined;
  /** 0 for the first request of this path, 1 for the second… */
  attempt: number;
}

/** A running fixture site. */
export interface FixtureSite {
  /** `http://127.0.0.1:{port}` (no trailing slash). */
  readonly origin: string;
  readonly port: number;
  /** The novel it serves. */
  readonly novel: Novel;
  /** URL of the index page. */
  readonly indexUrl: string;
  /** Every request, in arrival order. */
  readonly requests: readonly FixtureRequest[];
  /** Requests for `path` so far. */
  attempts(path: string): number;
  /** Requests in flight now for `host` (Host header), or overall. */
  inFlight(host?: string): number;
  /** The most requests that were in flight at once for `host` (Host header), or overall. */
  maxInFlight(host?: string): number;
  /** Forget the recorded requests, attempt counts and peaks. */
  reset(): void;
  /** Stop listening and destroy open connections (hung requests included). */
  close(): Promise<void>;
}

/**
 * Start the site on 127.0.0.1 with a free port.
 *
 * @example
 * ```ts
 * const site = await startFixtureSite({ chapters: 20, faults: { "/book/1003.html": failFirst(2) } });
 * try { … crawl site.indexUrl … } finally { await site.close(); }
 * ```
 */
export async function startFixtureSite(options: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const novel = generateNovel(options);
  if (options.prerender) prerenderNovel(novel, options);
  const state = new RecordState();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void handle(req, res, options, novel, state).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(e));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await listen(server);
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    novel,
    indexUrl: `${origin}${novel.indexPath}`,
    requests: state.requests,
    attempts: (path) => state.attemptCount.get(path) ?? 0,
    inFlight: (host) => (host === undefined ? state.total : (state.inFlight.get(host) ?? 0)),
    maxInFlight: (host) => (host === undefined ? state.maxTotal : (state.maxByHost.get(host) ?? 0)),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        for (const s of sockets) s.destroy();
      }),
  };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function handle(req: IncomingMessage, res: ServerResponse, options: FixtureSiteOptions, novel: Novel, state: RecordState): Promise<void> {
  const path = req.url ?? "/";
  const { attempt, end } = state.begin(req, path);
  res.on("close", end);
  const latency = typeof options.latencyMs === "function" ? options.latencyMs(path) : (options.latencyMs ?? 0);
  if (latency > 0) await sleep(latency);
  const fault = options.faults?.[path]?.[attempt];
  if (fault) {
    if ("hang" in fault) return; // the response stays open; close() destroys the socket
    if ("reset" in fault) {
      req.socket.destroy();
      return;
    }
    if ("delayMs" in fault) await sleep(fault.delayMs);
    else {
      const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
      if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
      res.writeHead(fault.status, headers);
      res.end(fault.body ?? `<html><body><h1>${fault.status}</h1></body></html>`);
      return;
    }
  }
  route(path, res, options, novel);
}
