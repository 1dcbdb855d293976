/**
 * The fetcher against a tiny server on 127.0.0.1: content decoding (gzip, br, deflate in
 * both its zlib and raw forms), decompression bombs refused at `maxBodyBytes` decoded
 * bytes, and private addresses refused when the URL is a host name that resolves to one —
 * checked by the connection's own lookup, so the server never sees the request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { run } from "corio";
import { getEventListeners } from "node:events";
import { Fetcher, type FetchOutcome, type FetcherOptions } from "./fetcher.js";
import { RequestAbort } from "./request-abort.js";

const PAGE = Buffer.from("<html><body><p>第一章 压缩的正文</p></body></html>".repeat(50));
const LIMIT = 64 * 1024;
// Zeros compress about 1000:1: a few KiB on the wire that inflate to 4 MiB.
const BOMB = Buffer.alloc(4 * 1024 * 1024);

const encoders: Record<string, (b: Buffer) => Buffer> = {
  gzip: gzipSync,
  br: brotliCompressSync,
  deflate: deflateSync,
  // Some servers send raw deflate under "deflate"; the fetcher accepts both.
  "deflate-raw": deflateRawSync,
};

let server: Server;
let port: number;
let hits: string[] = [];
let stallsAborted = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url!);
    const [, kind, encoding] = req.url!.split("/");
    if (kind === "plain") return res.end(PAGE);
    if (kind === "stall") {
      // Never answers; records when the client gives the request up.
      req.socket.on("close", () => stallsAborted++);
      return;
    }
    if (kind === "stacked") {
      // gzip applied first, then br: the header lists them in that order.
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": "gzip, br" });
      return res.end(brotliCompressSync(gzipSync(PAGE)));
    }
    if (kind === "raw-as") {
      // Uncompressed bytes under a coding label: unknown (zstd) or lying (gzip).
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": encoding! });
      return res.end(PAGE);
    }
    const body = encoders[encoding!]!(kind === "bomb" ? BOMB : PAGE);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-encoding": encoding === "deflate-raw" ? "deflate" : encoding!, "content-length": body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits = [];
});

async function fetchOnce(url: string, options: Partial<FetcherOptions> = {}): Promise<FetchOutcome> {
  const fetcher = new Fetcher({ timeoutMs: 10_000, maxBodyBytes: LIMIT, maxRedirects: 5, userAgent: "corio-test/1", allowPrivate: true, connections: 1, ...options });
  try {
    return await run(
      fetcher.fetch(url, function* () {
        return null;
      }),
      { handleSignals: false },
    );
  } finally {
    await fetcher.close();
  }
}

describe("content decoding", () => {
  it.each(Object.keys(encoders))("decodes a %s body", async (encoding) => {
    const out = await fetchOnce(`http://127.0.0.1:${port}/page/${encoding}`);
    expect(out.kind).toBe("response");
    expect(out.kind === "response" && out.body.equals(PAGE)).toBe(true);
  });

  it.each(Object.keys(encoders))("refuses a %s bomb, small on the wire, that inflates past the body limit", async (encoding) => {
    expect(encoders[encoding]!(BOMB).length).toBeLessThan(LIMIT); // small on the wire
    const out = await fetchOnce(`http://127.0.0.1:${port}/bomb/${encoding}`);
    expect(out).toMatchObject({ kind: "failed", reason: "body-too-large", transient: false });
  });

  it("undoes a list of codings, the last applied first", async () => {
    const out = await fetchOnce(`http://127.0.0.1:${port}/stacked/x`);
    expect(out.kind === "response" && out.body.equals(PAGE)).toBe(true);
  });

  it.each([
    ["zstd", /Content-Encoding "zstd" is not supported/],
    ["gzip", /not valid gzip data/],
  ])("fails a body labelled %s that it cannot decode, naming the problem", async (encoding, message) => {
    const out = await fetchOnce(`http://127.0.0.1:${port}/raw-as/${encoding}`);
    expect(out).toMatchObject({ kind: "failed", reason: "bad-content-encoding", transient: false });
    expect(out.kind === "failed" && String(out.error)).toMatch(message);
  });

  it("the same bomb passes under a limit that holds it", async () => {
    const out = await fetchOnce(`http://127.0.0.1:${port}/bomb/gzip`, { maxBodyBytes: BOMB.length });
    expect(out.kind === "response" && out.body.length).toBe(BOMB.length);
  });
});

describe("private addresses", () => {
  it("refuses a host name that resolves to loopback before any byte is sent", async () => {
    const out = await fetchOnce(`http://localhost:${port}/plain`, { allowPrivate: false });
    expect(out).toMatchObject({ kind: "skipped", reason: "private-address" });
    expect(hits).toEqual([]);
  });

  it("refuses loopback IP literals, v4 and v6", async () => {
    expect(await fetchOnce(`http://127.0.0.1:${port}/plain`, { allowPrivate: false })).toMatchObject({ kind: "skipped", reason: "private-address" });
    expect(await fetchOnce(`http://[::1]:${port}/plain`, { allowPrivate: false })).toMatchObject({ kind: "skipped", reason: "private-address" });
    expect(hits).toEqual([]);
  });

  it("connects to the resolved address when private addresses are allowed", async () => {
    const out = await fetchOnce(`http://localhost:${port}/plain`, { allowPrivate: true });
    expect(out.kind === "response" && out.body.equals(PAGE)).toBe(true);
    expect(hits).toEqual(["/plain"]);
  });
});

describe("one abort signal per worker", () => {
  it("serves request after request without piling listeners on the signal", async () => {
    const fetcher = new Fetcher({ timeoutMs: 10_000, maxBodyBytes: LIMIT, maxRedirects: 5, userAgent: "corio-test/1", allowPrivate: true, connections: 1 });
    const abort = new RequestAbort();
    const signal = abort.signal;
    try {
      for (let i = 0; i < 20; i++) {
        const out = await run(fetcher.fetch(`http://127.0.0.1:${port}/plain/${i}`, function* () { return null; }, abort), { handleSignals: false });
        expect(out.kind).toBe("response");
      }
      expect(abort.signal).toBe(signal);
      expect(getEventListeners(signal, "abort")).toHaveLength(0);
    } finally {
      await fetcher.close();
    }
  });

  it("a timed-out request is aborted, and the worker's next request gets a fresh signal", async () => {
    const fetcher = new Fetcher({ timeoutMs: 150, maxBodyBytes: LIMIT, maxRedirects: 5, userAgent: "corio-test/1", allowPrivate: true, connections: 1 });
    const abort = new RequestAbort();
    const first = abort.signal;
    const before = stallsAborted;
    try {
      const stalled = await run(fetcher.fetch(`http://127.0.0.1:${port}/stall/x`, function* () { return null; }, abort), { handleSignals: false });
      expect(stalled).toMatchObject({ kind: "failed", reason: "timeout" });
      expect(first.aborted).toBe(true);
      expect(abort.signal.aborted).toBe(false);
      // The one connection was freed by the abort: the next request is answered on it.
      const next = await run(fetcher.fetch(`http://127.0.0.1:${port}/plain/after`, function* () { return null; }, abort), { handleSignals: false });
      expect(next.kind).toBe("response");
      await vi.waitFor(() => expect(stallsAborted).toBe(before + 1));
    } finally {
      await fetcher.close();
    }
  });
});
