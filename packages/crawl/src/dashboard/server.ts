/**
 * The live dashboard's HTTP server (node:http, no framework: four routes).
 *
 * - `GET /` — the page (`dashboard/page.html` from the package; a plain placeholder when
 *   the package has none).
 * - `GET /api/stats` — the {@link StatsSnapshot} as JSON.
 * - `GET /api/events` — Server-Sent Events: the snapshot at once, then at most every 500 ms
 *   (2 updates/s) while it changes. One timer serves every open stream, so a page left
 *   open costs the crawl one snapshot per 500 ms, not one per page event.
 * - `POST /api/pause`, `/api/resume`, `/api/stop` — dispatching control (stop is what
 *   Ctrl-C does). Answer 204.
 *
 * Every request passes the Host/Origin checks of `request-guard.ts` (DNS rebinding, CSRF).
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import type { StatsSnapshot } from "./stats-snapshot.js";
import { hostAllowed, originAllowed } from "./request-guard.js";

/** What the buttons do. */
export interface DashboardControl {
  pause(): void;
  resume(): void;
  stop(): void;
}

/** How to start a dashboard server. */
export interface DashboardServerOptions {
  /** 0: any free port. */
  port: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The snapshot now (called per request and per SSE tick). */
  snapshot: () => StatsSnapshot;
  control: DashboardControl;
  /** The page served at `/` (default: the package's `dashboard/page.html`). */
  pageFile?: string | URL;
  /** Least time between two SSE updates, ms (default 500: 2 updates/s). */
  eventsEveryMs?: number;
}

/** A running dashboard server. */
export interface DashboardServer {
  /** `http://127.0.0.1:PORT/` (with the host given). */
  readonly url: string;
  readonly port: number;
  /** Push the snapshot to every event stream now (the crawl's end), then close nothing. */
  flush(): void;
  /** Stop listening and end every stream and connection. */
  close(): Promise<void>;
}

/** The page the package ships: beside this module, or (from dist/, which may not copy it) in src/. */
const PAGE_FILES = [new URL("./page.html", import.meta.url), new URL("../../src/dashboard/page.html", import.meta.url)];

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>corio crawl</title></head>
<body><h1>corio crawl</h1><p>This build has no dashboard page; the numbers are at <a href="/api/stats">/api/stats</a> (JSON) and <a href="/api/events">/api/events</a> (Server-Sent Events).</p></body></html>`;

function readPage(files: (string | URL)[]): string {
  for (const file of files) {
    try {
      return readFileSync(file, "utf8");
    } catch {
      // try the next place
    }
  }
  return PLACEHOLDER;
}

/**
 * Start the server; resolves once it listens.
 *
 * @example
 * ```ts
 * const server = await startDashboard({ port: 0, snapshot: () => live.snapshot(), control });
 * process.stderr.write(`dashboard: ${server.url}\n`);
 * // …
 * await server.close();
 * ```
 */
export async function startDashboard(options: DashboardServerOptions): Promise<DashboardServer> {
  const boundHost = options.host ?? "127.0.0.1";
  const page = readPage(options.pageFile === undefined ? PAGE_FILES : [options.pageFile]);
  const streams = new Set<ServerResponse>();
  let port = 0;
  let lastSent = "";

  const send = (force: boolean) => {
    if (streams.size === 0) return;
    const json = JSON.stringify(options.snapshot());
    if (!force && json === lastSent) return;
    lastSent = json;
    for (const res of streams) res.write(`data: ${json}\n\n`);
  };
  const ticker = setInterval(() => send(false), options.eventsEveryMs ?? 500);
  ticker.unref();

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`${(e as Error).message}\n`);
    }
  });

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req.headers.host, port, boundHost)) return text(res, 421, "unknown Host: open the dashboard by the address it printed\n");
    if (!originAllowed(req.headers.origin, port, boundHost)) return text(res, 403, "cross-origin request refused\n");
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const route = `${req.method} ${path}`;
    switch (route) {
      case "GET /":
      case "HEAD /":
        res.writeHead(200, { ...NO_STORE, "content-type": "text/html; charset=utf-8", "content-security-policy": CSP });
        return void res.end(req.method === "HEAD" ? undefined : page);
      case "GET /api/stats":
        res.writeHead(200, { ...NO_STORE, "content-type": "application/json" });
        return void res.end(JSON.stringify(options.snapshot()));
      case "GET /api/events": {
        res.writeHead(200, { ...NO_STORE, "content-type": "text/event-stream", connection: "keep-alive" });
        res.write("retry: 1000\n\n");
        const json = JSON.stringify(options.snapshot());
        res.write(`data: ${json}\n\n`);
        streams.add(res);
        res.on("close", () => streams.delete(res));
        return;
      }
      case "POST /api/pause":
      case "POST /api/resume":
      case "POST /api/stop": {
        req.resume(); // a body, if any, is not read
        const action = path.slice("/api/".length) as keyof DashboardControl;
        options.control[action]();
        send(true);
        res.writeHead(204, NO_STORE);
        return void res.end();
      }
      default:
        if (["/", "/api/stats", "/api/events", "/api/pause", "/api/resume", "/api/stop"].includes(path)) return text(res, 405, `${req.method} not allowed on ${path}\n`);
        return text(res, 404, `no ${path} here: try / or /api/stats\n`);
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, boundHost, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === "object" && address !== null ? address.port : options.port;
  const shownHost = boundHost.includes(":") ? `[${boundHost}]` : boundHost;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    flush: () => send(true),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const NO_STORE = { "cache-control": "no-store" };
/** The page is self-contained: nothing may load from elsewhere, and no other site may frame it. */
const CSP = "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline' 'self'; img-src 'self' data:; frame-ancestors 'none'";

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
}
