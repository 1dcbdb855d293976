import { afterEach, describe, expect, it } from "vitest";
import { request, type IncomingHttpHeaders } from "node:http";
import {
  CHARSET_CASES,
  CHARSET_SAMPLE,
  expectedBook,
  failFirst,
  rateLimited,
  startFixtureSite,
  type FixtureSite,
  type FixtureSiteOptions,
} from "./index.js";
import { decodeHtml } from "../../src/charset/decode.js";
import { parseHtml } from "../../src/extract/html.js";
import { dedupeLinks, extractLinks } from "../../src/extract/links.js";
import { extractText } from "../../src/extract/text.js";
import { formatBookMarkdown } from "../../src/output/book-markdown.js";
import { classifyError } from "../../src/fetch/failure.js";

interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A plain node:http GET with no connection reuse, so every test sees exactly its own requests. */
function get(url: string, headers: Record<string, string> = {}, onRequest?: (destroy: () => void) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    onRequest?.(() => req.destroy(Object.assign(new Error("aborted by test"), { code: "ABORT_TEST" })));
    req.end();
  });
}

/** Wait (without a timer) until the server has seen `n` requests for `path`. */
async function untilAttempts(site: FixtureSite, path: string, n: number): Promise<void> {
  while (site.attempts(path) < n) await new Promise((r) => setImmediate(r));
}

let site: FixtureSite | undefined;
async function start(options: FixtureSiteOptions = {}): Promise<FixtureSite> {
  site = await startFixtureSite(options);
  return site;
}
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe("the novel", () => {
  it("serves an index whose dd links, latest block first, dedupe to the chapters in order", async () => {
    const s = await start({ chapters: 30 });
    const res = await get(s.indexUrl);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=gbk");
    const page = decodeHtml(res.body, { contentType: res.headers["content-type"] });
    expect(page.replacementChars).toBe(0);
    const links = extractLinks(parseHtml(page.text), s.indexUrl, "dd a");
    expect(links).toHaveLength(30 + 6);
    expect(links[0]!.url).toBe(`${s.origin}/book/1030.html`);
    const chapters = dedupeLinks(links, (l) => l.url, "last");
    expect(chapters.map((l) => l.url)).toEqual(s.novel.chapters.map((c) => s.origin + c.path));
    expect(chapters.map((l) => l.text)).toEqual(s.novel.chapters.map((c) => c.title));
  });

  it("yields exactly the expected book through the foundation modules", async () => {
    const s = await start({ chapters: 40 });
    const sources = new Set<string>();
    const chapters = await Promise.all(
      s.novel.chapters.map(async (c, index) => {
        const res = await get(s.origin + c.path);
        const page = decodeHtml(res.body, { contentType: res.headers["content-type"] });
        expect(page.encoding).toBe("gbk");
        expect(page.replacementChars).toBe(0);
        sources.add(`${c.number % 2}:${page.source}`);
        const doc = parseHtml(page.text);
        return { index, title: c.title, text: extractText(doc.selectOne("#content")!) };
      }),
    );
    expect(formatBookMarkdown(chapters)).toBe(expectedBook(s.novel));
    // Even chapters declare gbk in the header only, odd ones in <meta> only.
    expect([...sources].sort()).toEqual(["0:header", "1:meta"]);
  });

  it("answers 404 for a chapter that does not exist", async () => {
    const s = await start({ chapters: 3 });
    expect((await get(`${s.origin}/book/1004.html`)).status).toBe(404);
    expect((await get(`${s.origin}/book/1000.html`)).status).toBe(404);
  });

  it("serves each site its own pages when two sites share a novel", async () => {
    // The same novel options give the same (memoized) novel; the lying header is the site's.
    const lying = await start({ chapters: 3, wrongCharsetChapters: [1] });
    const honest = await start({ chapters: 3 });
    expect(honest.novel).toBe(lying.novel);
    expect((await get(`${lying.origin}/book/1001.html`)).headers["content-type"]).toBe("text/html; charset=utf-8");
    expect((await get(`${honest.origin}/book/1001.html`)).headers["content-type"]).not.toBe("text/html; charset=utf-8");
  });

  it("serves a chapter with a lying header when asked", async () => {
    const s = await start({ chapters: 3, wrongCharsetChapters: [1] });
    const res = await get(`${s.origin}/book/1001.html`);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    const page = decodeHtml(res.body, { contentType: res.headers["content-type"] });
    expect(page.source).toBe("header");
    expect(page.replacementChars).toBeGreaterThan(0);
  });

  it("serves the same pages prerendered as rendered on request", async () => {
    const options = { chapters: 12, wrongCharsetChapters: [3] };
    const lazy = await startFixtureSite(options);
    const paths = [lazy.novel.indexPath, ...lazy.novel.chapters.map((c) => c.path), "/book/1013.html"];
    try {
      const ahead = await start({ ...options, prerender: true });
      for (const path of paths) {
        const [a, b] = await Promise.all([get(`${lazy.origin}${path}`), get(`${ahead.origin}${path}`)]);
        expect([path, b.status, b.headers["content-type"]]).toEqual([path, a.status, a.headers["content-type"]]);
        expect(b.body.equals(a.body)).toBe(true);
      }
      // Served twice, a page is the same bytes again (the cache is not consumed).
      expect((await get(`${ahead.origin}${paths[1]!}`)).body.equals((await get(`${lazy.origin}${paths[1]!}`)).body)).toBe(true);
    } finally {
      await lazy.close();
    }
  });
});

describe("faults", () => {
  it("fails the first k attempts of a path, then serves it", async () => {
    const s = await start({ chapters: 3, faults: { "/book/1002.html": failFirst(2, 503) } });
    const url = `${s.origin}/book/1002.html`;
    expect((await get(url)).status).toBe(503);
    expect((await get(url)).status).toBe(503);
    expect((await get(url)).status).toBe(200);
    expect(s.attempts("/book/1002.html")).toBe(3);
    expect(s.requests.map((r) => r.attempt)).toEqual([0, 1, 2]);
    expect((await get(`${s.origin}/book/1001.html`)).status).toBe(200);
  });

  it("answers 429 with Retry-After", async () => {
    const s = await start({ faults: { "/book/1001.html": rateLimited(1, "3") } });
    const res = await get(`${s.origin}/book/1001.html`);
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("3");
    expect((await get(`${s.origin}/book/1001.html`)).status).toBe(200);
  });

  it("hangs until the client gives up, and close() ends a hung request", async () => {
    const s = await start({ faults: { "/book/1001.html": [{ hang: true }, { hang: true }] } });
    let destroy!: () => void;
    const pending = get(`${s.origin}/book/1001.html`, {}, (d) => (destroy = d));
    await untilAttempts(s, "/book/1001.html", 1);
    expect(s.maxInFlight()).toBe(1);
    destroy();
    await expect(pending).rejects.toMatchObject({ code: "ABORT_TEST" });

    const second = get(`${s.origin}/book/1001.html`);
    await untilAttempts(s, "/book/1001.html", 2);
    await s.close();
    site = undefined;
    const err = await second.catch((e: unknown) => e);
    expect(classifyError(err).kind).toBe("transient");
  });

  it("resets the connection", async () => {
    const s = await start({ faults: { "/book/1001.html": [{ reset: true }] } });
    const err = await get(`${s.origin}/book/1001.html`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ECONNRESET" });
    expect(classifyError(err)).toEqual({ kind: "transient", reason: "connection-reset" });
    expect((await get(`${s.origin}/book/1001.html`)).status).toBe(200);
  });

  it("delays one attempt, then serves it", async () => {
    const s = await start({ faults: { "/book/1001.html": [{ delayMs: 5 }] } });
    expect((await get(`${s.origin}/book/1001.html`)).status).toBe(200);
  });
});

describe("routes", () => {
  it("redirects: chain, loop and configured", async () => {
    const s = await start({ redirects: { "/old": "/book/", "/moved": { to: "/book/1001.html", status: 301 } } });
    expect(await get(`${s.origin}/redirect/2`)).toMatchObject({ status: 302, headers: { location: "/redirect/1" } });
    expect(await get(`${s.origin}/redirect/1`)).toMatchObject({ status: 302, headers: { location: "/book/" } });
    expect(await get(`${s.origin}/loop/a`)).toMatchObject({ status: 302, headers: { location: "/loop/b" } });
    expect(await get(`${s.origin}/loop/b`)).toMatchObject({ status: 302, headers: { location: "/loop/a" } });
    expect(await get(`${s.origin}/old`)).toMatchObject({ status: 302, headers: { location: "/book/" } });
    expect(await get(`${s.origin}/moved`)).toMatchObject({ status: 301, headers: { location: "/book/1001.html" } });
  });

  it("serves robots.txt: allow-all by default, a body, or a status", async () => {
    let s = await start();
    expect((await get(`${s.origin}/robots.txt`)).body.toString()).toBe("User-agent: *\nAllow: /\n");
    await s.close();
    s = await start({ robotsTxt: "User-agent: *\nDisallow: /private/\n" });
    expect((await get(`${s.origin}/robots.txt`)).body.toString()).toContain("Disallow: /private/");
    await s.close();
    s = await start({ robotsTxt: { status: 503 } });
    expect((await get(`${s.origin}/robots.txt`)).status).toBe(503);
  });

  it("every trap page links one level deeper", async () => {
    const s = await start();
    const url = `${s.origin}/trap/a/a/`;
    const res = await get(url);
    const links = extractLinks(parseHtml(res.body.toString()), url).map((l) => l.url);
    expect(links).toEqual([`${s.origin}/trap/a/a/a/`, `${s.origin}/trap/a/a/b/a/`]);
  });

  it("serves oversized bodies with and without Content-Length", async () => {
    const s = await start({ bigBodyBytes: 300_000 });
    const big = await get(`${s.origin}/big.html`);
    expect(big.headers["content-length"]).toBe("300000");
    expect(big.body.length).toBe(300_000);
    const chunked = await get(`${s.origin}/big-chunked.html`);
    expect(chunked.headers["content-length"]).toBeUndefined();
    expect(chunked.headers["transfer-encoding"]).toBe("chunked");
    expect(chunked.body.length).toBe(300_000);
  });

  it.each(Object.keys(CHARSET_CASES))("charset case %s decodes as the sniffing rules say", async (name) => {
    const s = await start();
    const res = await get(`${s.origin}/charset/${name}.html`);
    const page = decodeHtml(res.body, { contentType: res.headers["content-type"] });
    const text = extractText(parseHtml(page.text).selectOne("#t")!);
    const expected: Record<string, [string, string]> = {
      "bom-utf8": ["utf-8", "bom"],
      "header-gbk": ["gbk", "header"],
      "meta-gbk": ["gbk", "meta"],
      "meta-http-equiv-gbk": ["gbk", "meta"],
      "header-beats-meta": ["gbk", "header"],
      "bom-beats-header": ["utf-8", "bom"],
      "none-gbk": ["utf-8", "default"],
      "none-utf8": ["utf-8", "default"],
      "wrong-header": ["utf-8", "header"],
    };
    expect([page.encoding, page.source]).toEqual(expected[name]);
    const garbled = name === "none-gbk" || name === "wrong-header";
    expect(text === CHARSET_SAMPLE).toBe(!garbled);
    expect(page.replacementChars > 0).toBe(garbled);
  });

  it("serves non-HTML, empty, status and site pages", async () => {
    const s = await start({ sitePages: 5 });
    expect((await get(`${s.origin}/data.json`)).headers["content-type"]).toBe("application/json");
    expect((await get(`${s.origin}/empty.html`)).body.length).toBe(0);
    expect((await get(`${s.origin}/status/410`)).status).toBe(410);
    expect((await get(`${s.origin}/nowhere`)).status).toBe(404);
    expect((await get(`${s.origin}/private/secret.html`)).status).toBe(200);
    const home = await get(`${s.origin}/`);
    expect(home.body.toString()).toContain('href="/book/"');
    const p1 = await get(`${s.origin}/site/p1.html`);
    const links = extractLinks(parseHtml(p1.body.toString()), `${s.origin}/site/p1.html`).map((l) => l.url);
    expect(links).toContain(`${s.origin}/site/p2.html`);
    expect(links).toContain(`${s.origin}/trap/`);
    expect(links).toContain("http://outside.invalid/");
    expect(links.some((l) => l.includes("utm_source"))).toBe(true);
    expect((await get(`${s.origin}/site/p5.html`)).status).toBe(200);
  });
});

describe("recording", () => {
  it("records method, path, host, user agent and attempt", async () => {
    const s = await start();
    await get(`${s.origin}/book/1001.html?x=1`, { "user-agent": "corio/0.1" });
    expect(s.requests).toEqual([{ method: "GET", path: "/book/1001.html?x=1", host: `127.0.0.1:${s.port}`, userAgent: "corio/0.1", attempt: 0 }]);
    s.reset();
    expect(s.requests).toEqual([]);
    expect(s.attempts("/book/1001.html?x=1")).toBe(0);
  });

  it("tracks the peak of concurrent requests per host and overall", async () => {
    // Hung requests stay in flight until we let go, so the peak is exact, not a race.
    const paths = [1, 2, 3, 4, 5].map((n) => `/book/${1000 + n}.html`);
    const s = await start({ faults: Object.fromEntries(paths.map((p) => [p, [{ hang: true }]])) });
    const hostA = `127.0.0.1:${s.port}`;
    const hostB = `book.test:${s.port}`;
    const destroyers: (() => void)[] = [];
    const pending = paths.map((p, i) =>
      get(s.origin + p, i < 3 ? {} : { host: hostB }, (d) => destroyers.push(d)).catch(() => "gone"),
    );
    for (const p of paths) await untilAttempts(s, p, 1);
    expect(s.maxInFlight(hostA)).toBe(3);
    expect(s.maxInFlight(hostB)).toBe(2);
    expect(s.maxInFlight()).toBe(5);
    expect(s.maxInFlight("other:1")).toBe(0);
    destroyers.forEach((d) => d());
    expect(await Promise.all(pending)).toEqual(["gone", "gone", "gone", "gone", "gone"]);
    // Once the server saw them end, new requests start from zero in flight.
    while (s.inFlight() > 0) await new Promise((r) => setImmediate(r));
    expect(s.inFlight(hostA)).toBe(0);
    s.reset();
    await get(`${s.origin}/book/1006.html`);
    expect(s.maxInFlight(hostA)).toBe(1);
    expect(s.inFlight()).toBe(0);
  });

  it("delays responses by the configured latency", async () => {
    const s = await start({ latencyMs: 15 });
    const t0 = performance.now();
    await get(`${s.origin}/book/1001.html`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(14);
  });

  it("applies a per-path latency function", async () => {
    const seen: string[] = [];
    const s = await start({ latencyMs: (path) => (seen.push(path), 0) });
    await get(`${s.origin}/book/`);
    expect(seen).toEqual(["/book/"]);
  });
});
