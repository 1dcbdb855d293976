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
 * - `/charset/{case}.html`: see {@link CHARSET_CASES}.
 * - `/status/{code}`, `/data.json`, `/empty.html`, `/private/secret.html`.
 * - `/site/` and `/site/p{n}.html`: a small linked site for site mode.
 *
 * Faults are per path and per attempt: `faults["/book/1005.html"] = failFirst(2)` makes the
 * first two requests for that path answer 500 and later ones succeed.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import iconv from "iconv-lite";
import { generateNovel, type Novel, type NovelOptions } from "./novel.js";
import { chapterDeclaration, escapeHtml, renderChapter, renderIndex } from "./render.js";

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

/** Every `/charset/{case}.html` route: how it declares, and what the bytes really are. */
export const CHARSET_CASES = {
  "bom-utf8": { header: "text/html", body: "utf8-bom" },
  "header-gbk": { header: "text/html; charset=gbk", body: "gbk" },
  "meta-gbk": { header: "text/html", body: "gbk", meta: '<meta charset="gbk">' },
  "meta-http-equiv-gbk": { header: "text/html", body: "gbk", meta: '<meta http-equiv="content-type" content="text/html;charset=GB2312">' },
  "header-beats-meta": { header: "text/html; charset=gbk", body: "gbk", meta: '<meta charset="utf-8">' },
  "bom-beats-header": { header: "text/html; charset=gbk", body: "utf8-bom" },
  "none-gbk": { header: "text/html", body: "gbk" },
  "none-utf8": { header: "text/html", body: "utf8" },
  "wrong-header": { header: "text/html; charset=utf-8", body: "gbk" },
} as const;

/** The text inside `<p id="t">` of every charset page. */
export const CHARSET_SAMPLE = "你好，世界€喆";

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

class RecordState {
  readonly requests: FixtureRequest[] = [];
  readonly attemptCount = new Map<string, number>();
  readonly inFlight = new Map<string, number>();
  readonly maxByHost = new Map<string, number>();
  total = 0;
  maxTotal = 0;

  reset(): void {
    this.requests.length = 0;
    this.attemptCount.clear();
    this.maxByHost.clear();
    this.maxTotal = this.total;
    for (const [host, n] of this.inFlight) this.maxByHost.set(host, n);
  }

  /** Record the request; returns its attempt number and a function to call when it ends. */
  begin(req: IncomingMessage, path: string): { attempt: number; end: () => void } {
    const host = req.headers.host ?? "";
    const attempt = this.attemptCount.get(path) ?? 0;
    this.attemptCount.set(path, attempt + 1);
    this.requests.push({ method: req.method ?? "GET", path, host, userAgent: req.headers["user-agent"], attempt });
    const n = (this.inFlight.get(host) ?? 0) + 1;
    this.inFlight.set(host, n);
    this.maxByHost.set(host, Math.max(this.maxByHost.get(host) ?? 0, n));
    this.total++;
    this.maxTotal = Math.max(this.maxTotal, this.total);
    let ended = false;
    return {
      attempt,
      end: () => {
        if (ended) return;
        ended = true;
        this.inFlight.set(host, (this.inFlight.get(host) ?? 1) - 1);
        this.total--;
      },
    };
  }
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

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.writeHead(status, { "content-type": contentType, "content-length": String(bytes.length), ...extra });
  res.end(bytes);
}

function redirect(res: ServerResponse, to: string, status = 302): void {
  send(res, status, "text/html; charset=utf-8", `<a href="${escapeHtml(to)}">moved</a>`, { location: to });
}

function route(path: string, res: ServerResponse, options: FixtureSiteOptions, novel: Novel): void {
  const pathname = path.split("?")[0]!;
  const extra = options.redirects?.[path] ?? options.redirects?.[pathname];
  if (extra !== undefined) return typeof extra === "string" ? redirect(res, extra) : redirect(res, extra.to, extra.status);

  if (pathname === novel.indexPath) return send(res, 200, "text/html; charset=gbk", iconv.encode(renderIndex(novel), "gbk"));
  const chapterMatch = /^\/book\/(\d+)\.html$/.exec(pathname);
  if (chapterMatch) {
    const chapter = novel.chapters[Number(chapterMatch[1]) - 1001];
    if (!chapter) return send(res, 404, "text/html; charset=utf-8", "<h1>404</h1>");
    const decl = chapterDeclaration(chapter);
    const wrong = options.wrongCharsetChapters?.includes(chapter.number) ?? false;
    const header = wrong ? "text/html; charset=utf-8" : decl === "header" ? "text/html; charset=gbk" : "text/html";
    return send(res, 200, header, iconv.encode(renderChapter(novel, chapter, wrong ? "header" : decl), "gbk"));
  }
  if (pathname === "/") return send(res, 200, "text/html; charset=utf-8", `<title>fixture</title><a href="${novel.indexPath}">${novel.title}</a>`);
  if (pathname === "/robots.txt") {
    const robots = options.robotsTxt ?? "User-agent: *\nAllow: /\n";
    return typeof robots === "string"
      ? send(res, 200, "text/plain; charset=utf-8", robots)
      : send(res, robots.status, "text/plain; charset=utf-8", robots.body ?? "");
  }
  if (pathname === "/loop/a") return redirect(res, "/loop/b");
  if (pathname === "/loop/b") return redirect(res, "/loop/a");
  const chain = /^\/redirect\/(\d+)$/.exec(pathname);
  if (chain) {
    const n = Number(chain[1]);
    return redirect(res, n <= 1 ? novel.indexPath : `/redirect/${n - 1}`);
  }
  if (pathname.startsWith("/trap/")) {
    return send(res, 200, "text/html; charset=utf-8", `<title>trap</title><a href="a/">deeper</a> <a href="b/a/">other</a>`);
  }
  if (pathname === "/big.html" || pathname === "/big-chunked.html") return sendBig(res, options.bigBodyBytes ?? 11 * 1024 * 1024, pathname === "/big.html");
  const charsetMatch = /^\/charset\/([a-z0-9-]+)\.html$/.exec(pathname);
  if (charsetMatch && charsetMatch[1]! in CHARSET_CASES) return sendCharsetCase(res, charsetMatch[1] as keyof typeof CHARSET_CASES);
  const statusMatch = /^\/status\/(\d{3})$/.exec(pathname);
  if (statusMatch) return send(res, Number(statusMatch[1]), "text/html; charset=utf-8", `<title>status ${statusMatch[1]}</title>`);
  if (pathname === "/data.json") return send(res, 200, "application/json", '{"not":"html","links":["<a href=\\"/x\\">"]}');
  if (pathname === "/empty.html") return send(res, 200, "text/html; charset=utf-8", "");
  if (pathname === "/private/secret.html") return send(res, 200, "text/html; charset=utf-8", "<title>secret</title>");
  if (pathname === "/site/" || /^\/site\/p\d+\.html$/.test(pathname)) return sendSitePage(res, pathname, options.sitePages ?? 20);
  send(res, 404, "text/html; charset=utf-8", "<title>not found</title><h1>404</h1>");
}

function sendBig(res: ServerResponse, size: number, withLength: boolean): void {
  const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
  if (withLength) headers["content-length"] = String(size);
  res.writeHead(200, headers);
  const chunk = Buffer.alloc(64 * 1024, "<p>big</p>\n");
  let left = size;
  const pump = (): void => {
    while (left > 0) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end();
  };
  res.on("close", () => {
    left = 0;
  });
  pump();
}

function sendCharsetCase(res: ServerResponse, name: keyof typeof CHARSET_CASES): void {
  const c: { header: string; body: string; meta?: string } = CHARSET_CASES[name];
  const html = `<html><head>${c.meta ?? ""}<title>${name}</title></head><body><p id="t">${CHARSET_SAMPLE}</p></body></html>`;
  const bytes =
    c.body === "gbk" ? iconv.encode(html, "gbk") : c.body === "utf8-bom" ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(html)]) : Buffer.from(html);
  send(res, 200, c.header, bytes);
}

function sendSitePage(res: ServerResponse, pathname: string, pages: number): void {
  const n = pathname === "/site/" ? 0 : Number(/p(\d+)/.exec(pathname)![1]);
  const links = [
    `<a href="p${(n % pages) + 1}.html">next</a>`,
    `<a href="p${((n * 7) % pages) + 1}.html#section">jump</a>`,
    `<a href="/site/p${((n * 3) % pages) + 1}.html?utm_source=x&ref=${n}">tracked</a>`,
    `<a href="/site/">home</a>`,
    `<a href="http://outside.invalid/">outside</a>`,
    `<a href="mailto:owner@example.com">mail</a>`,
  ];
  if (n === 1) links.push(`<a href="/trap/">trap</a>`, `<a href="/data.json">data</a>`);
  send(res, 200, "text/html; charset=utf-8", `<html><head><title>Page ${n}</title></head><body><h1>Page ${n}</h1><p class="lead">Lead ${n}</p>${links.join(" ")}</body></html>`);
}
