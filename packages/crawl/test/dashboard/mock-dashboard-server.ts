/**
 * A stand-in for the crawl's dashboard server, for testing the page alone: serves the
 * built page at `/`, the snapshot the test sets at `/api/stats`, sends each snapshot the
 * test publishes on `/api/events` (Server-Sent Events), and records the POSTs the page's
 * buttons make. Listens on 127.0.0.1 only, on a free port.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dashboardPageHtml } from "../../src/dashboard/render-report.js";
import type { StatsSnapshot } from "../../src/dashboard/stats-snapshot.js";

/** The running mock; `close()` ends every open event stream and the server. */
export interface MockDashboard {
  url: string;
  /** The actions POSTed so far (`pause`, `resume`, `stop`), in order. */
  posts: string[];
  /** Make `s` the current snapshot and send it to every open event stream. */
  publish(s: StatsSnapshot): void;
  /** Resolves once `n` event streams are open. */
  streams(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startMockDashboard(first: StatsSnapshot): Promise<MockDashboard> {
  let current = first;
  const posts: string[] = [];
  const open = new Set<ServerResponse>();
  let onStream = () => {};
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(dashboardPageHtml());
    } else if (req.method === "GET" && path === "/api/stats") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(current));
    } else if (req.method === "GET" && path === "/api/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      res.write(`data: ${JSON.stringify(current)}\n\n`);
      open.add(res);
      res.on("close", () => open.delete(res));
      onStream();
    } else if (req.method === "POST" && /^\/api\/(pause|resume|stop)$/.test(path ?? "")) {
      posts.push(path!.slice("/api/".length));
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    posts,
    publish(s) {
      current = s;
      for (const res of open) res.write(`data: ${JSON.stringify(s)}\n\n`);
    },
    streams: (n) =>
      new Promise<void>((resolve) => {
        onStream = () => open.size >= n && resolve();
        onStream();
      }),
    async close() {
      for (const res of open) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
