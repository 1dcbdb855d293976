/**
 * The fixture site's routes once faults are dealt with: the novel, robots.txt, redirects,
 * traps, oversized bodies, charset cases, statuses and a small linked site (the list is
 * in `server.ts`).
 * @module
 */
import type { ServerResponse } from "node:http";
import iconv from "iconv-lite";
import type { Novel } from "./novel.js";
import { chapterDeclaration, escapeHtml, renderChapter, renderIndex } from "./render.js";
import type { FixtureSiteOptions } from "./server.js";

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

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.writeHead(status, { "content-type": contentType, "content-length": String(bytes.length), ...extra });
  res.end(bytes);
}

function redirect(res: ServerResponse, to: string, status = 302): void {
  send(res, status, "text/html; charset=utf-8", `<a href="${escapeHtml(to)}">moved</a>`, { location: to });
}

/** A page of the novel as served: its Content-Type and its GBK bytes. */
interface NovelPage {
  contentType: string;
  bytes: Buffer;
}

/**
 * The novel's pages once rendered and encoded, per site: keyed by the site's options,
 * which make its novel and decide how a page is served (two sites with the same novel
 * options share one memoized novel, not its `wrongCharsetChapters`). Rendering and
 * encoding pages on request cost the bench's server 0.23–0.34 ms more CPU a request than
 * serving them prerendered (latency-0 runs of 2,002 requests), on the same cores as the
 * crawler it serves: see {@link prerenderNovel}.
 */
const rendered = new WeakMap<FixtureSiteOptions, Map<string, NovelPage>>();

/** The novel's page at `pathname`: `undefined` when the path is not the novel's, `null` for a chapter that does not exist. */
function novelPage(pathname: string, options: FixtureSiteOptions, novel: Novel): NovelPage | null | undefined {
  let pages = rendered.get(options);
  if (pages === undefined) rendered.set(options, (pages = new Map()));
  const cached = pages.get(pathname);
  if (cached !== undefined) return cached;
  let page: NovelPage;
  if (pathname === novel.indexPath) page = { contentType: "text/html; charset=gbk", bytes: iconv.encode(renderIndex(novel), "gbk") };
  else {
    const chapterMatch = /^\/book\/(\d+)\.html$/.exec(pathname);
    if (!chapterMatch) return undefined;
    const chapter = novel.chapters[Number(chapterMatch[1]) - 1001];
    if (!chapter) return null;
    const decl = chapterDeclaration(chapter);
    const wrong = options.wrongCharsetChapters?.includes(chapter.number) ?? false;
    const contentType = wrong ? "text/html; charset=utf-8" : decl === "header" ? "text/html; charset=gbk" : "text/html";
    page = { contentType, bytes: iconv.encode(renderChapter(novel, chapter, wrong ? "header" : decl), "gbk") };
  }
  pages.set(pathname, page);
  return page;
}

/**
 * Render and encode every page of the novel now, so that serving one costs the server its
 * HTTP work only. The crawl benchmark does this before its runs: the server shares the
 * machine's cores with the crawler it measures, where a real site's server does not.
 *
 * @example
 * ```ts
 * prerenderNovel(novel, options); // every chapter and the index, once
 * ```
 */
export function prerenderNovel(novel: Novel, options: FixtureSiteOptions): void {
  novelPage(novel.indexPath, options, novel);
  for (const c of novel.chapters) novelPage(c.path, options, novel);
}

/** Answer `path` (with query) from the site's content. */
export function route(path: string, res: ServerResponse, options: FixtureSiteOptions, novel: Novel): void {
  const pathname = path.split("?")[0]!;
  const extra = options.redirects?.[path] ?? options.redirects?.[pathname];
  if (extra !== undefined) return typeof extra === "string" ? redirect(res, extra) : redirect(res, extra.to, extra.status);

  const page = novelPage(pathname, options, novel);
  if (page !== undefined) return page === null ? send(res, 404, "text/html; charset=utf-8", "<h1>404</h1>") : send(res, 200, page.contentType, page.bytes);
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
