/**
 * HTTP for the crawler: one undici `Pool` per origin (keep-alive, connection cap), every
 * request inside corio's `call()` so cancelling the task aborts the socket, a timeout
 * scope per hop that covers connect, headers and body, a body cap, content decoding, and
 * redirects followed by hand so each hop is re-checked (scope, robots, guards) before it
 * is requested.
 *
 * Why not undici's redirect and decompress interceptors: the redirect interceptor cannot
 * ask the crawler whether a hop is allowed, and we decode with node:zlib's
 * `maxOutputLength` so a decompression bomb stops at `--max-body` decoded bytes instead
 * of after it was inflated.
 *
 * Private addresses: the pool's `connect.lookup` resolves the name, refuses the answer
 * when any address is private (unless allowed) and hands the address it checked to the
 * socket — the connection goes to what was checked, so DNS rebinding cannot slip through.
 * IP literals never reach `lookup`, so they are checked before the request.
 * @module
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate, inflateRaw } from "node:zlib";
import { Pool, request } from "./undici-pool.js";
import { call, isCancelled, withTimeout, TimeoutError, type Coro } from "corio";
import type { FailReason, SkipReason } from "../errors.js";
import { classifyError } from "./failure.js";
import { isPrivateAddress } from "../url/guards.js";
import { RequestAbort } from "./request-abort.js";
import { BodyCollector } from "./body-collector.js";

/** Options of {@link Fetcher}. */
export interface FetcherOptions {
  /** Per hop: connect + headers + body, in ms (loop clock). */
  timeoutMs: number;
  /** Largest body after content decoding, in bytes. */
  maxBodyBytes: number;
  /** Redirects followed before `too-many-redirects`. */
  maxRedirects: number;
  userAgent: string;
  /** Connect to private, loopback and link-local addresses. */
  allowPrivate: boolean;
  /** Connections per origin. */
  connections: number;
}

/** Asked before every redirect hop: `null` to follow, or why not. */
export type HopCheck = (url: URL) => Coro<SkipReason | FailReason | null>;

/** A response at the end of the redirect chain (any status but a followed 3xx). */
export interface FetchedResponse {
  kind: "response";
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string | null;
  /** Body after content decoding. */
  body: Buffer;
  redirects: number;
}

/** The outcome of {@link Fetcher.fetch}. */
export type FetchOutcome =
  | FetchedResponse
  | { kind: "skipped"; reason: SkipReason; finalUrl: string }
  | { kind: "failed"; reason: FailReason; transient: boolean; finalUrl: string; error?: unknown };

class BodyTooLarge extends Error {
  readonly code = "CRAWL_BODY_TOO_LARGE";
}
/** A Content-Encoding we cannot undo, or a body that does not decode as it says. */
class BadContentEncoding extends Error {
  readonly code = "CRAWL_BAD_CONTENT_ENCODING";
}
class PrivateAddress extends Error {
  readonly code = "CRAWL_PRIVATE_ADDRESS";
}

type Hop = { redirect: string; status: number } | Omit<FetchedResponse, "kind" | "url" | "finalUrl" | "redirects">;

const decoders: Record<string, (b: Buffer, o: { maxOutputLength: number }) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  "x-gzip": promisify(gunzip),
  br: promisify(brotliDecompress),
};
const inflateAny = async (b: Buffer, o: { maxOutputLength: number }): Promise<Buffer> => {
  // "deflate" is zlib-wrapped by the spec, raw deflate by some servers: try both.
  try {
    return await promisify(inflate)(b, o);
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw e;
    return await promisify(inflateRaw)(b, o);
  }
};

/**
 * Fetches pages. One per crawl; {@link Fetcher.close} ends its pools.
 *
 * @example
 * ```ts
 * const fetcher = new Fetcher({ timeoutMs: 30_000, maxBodyBytes: 10 << 20, maxRedirects: 10, userAgent: "corio/0.1", allowPrivate: false, connections: 2 });
 * const out = yield* fetcher.fetch("https://example.com/", function* () { return null; });
 * if (out.kind === "response") console.log(out.status, out.body.length);
 * ```
 */
export class Fetcher {
  private readonly pools = new Map<string, Pool>();
  private readonly lookup: typeof dnsLookup;

  constructor(private readonly options: FetcherOptions) {
    this.lookup = makeLookup(options.allowPrivate);
  }

  /**
   * GET `url`, following redirects; `check` vets each redirect target before it is
   * requested (the first URL was vetted by the caller). Never throws for a network or
   * HTTP problem: it returns a `failed` or `skipped` outcome. Cancellation propagates.
   * `abort` is the calling worker's reusable signal (see {@link RequestAbort}); without
   * one, the fetch gets its own.
   */
  *fetch(url: string, check: HopCheck, abort: RequestAbort = new RequestAbort()): Coro<FetchOutcome> {
    const chain = new Set<string>();
    let current = new URL(url);
    for (let redirects = 0; ; redirects++) {
      chain.add(current.href);
      if (!this.options.allowPrivate && isPrivateAddress(current.hostname)) {
        return { kind: "skipped", reason: "private-address", finalUrl: current.href };
      }
      let hop: Hop;
      try {
        hop = yield* this.hop(current, abort);
      } catch (e) {
        if (isCancelled(e)) throw e; // the crawl is stopping: not a verdict on the page
        return failure(e, current.href);
      }
      if (!("redirect" in hop)) {
        return { kind: "response", url, finalUrl: current.href, redirects, ...hop };
      }
      let next: URL;
      try {
        next = new URL(hop.redirect, current);
      } catch {
        return { kind: "failed", reason: `http-${hop.status}`, transient: false, finalUrl: current.href };
      }
      next.hash = "";
      if (next.protocol !== "http:" && next.protocol !== "https:") {
        return { kind: "failed", reason: `http-${hop.status}`, transient: false, finalUrl: current.href };
      }
      if (chain.has(next.href)) return { kind: "failed", reason: "redirect-loop", transient: false, finalUrl: next.href };
      if (redirects + 1 > this.options.maxRedirects) {
        return { kind: "failed", reason: "too-many-redirects", transient: false, finalUrl: next.href };
      }
      const verdict = yield* check(next);
      if (verdict !== null) return isSkip(verdict) ? { kind: "skipped", reason: verdict, finalUrl: next.href } : { kind: "failed", reason: verdict, transient: false, finalUrl: next.href };
      current = next;
    }
  }

  /** Close every pool (in-flight requests are aborted). */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => {})));
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: this.options.connections,
        keepAliveTimeout: 10_000,
        // Backstops in real time; the loop-clock scope in hop() is the timeout that counts.
        headersTimeout: this.options.timeoutMs + 1_000,
        bodyTimeout: this.options.timeoutMs + 1_000,
        connect: { lookup: this.lookup, timeout: this.options.timeoutMs + 1_000 } as never,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private *hop(url: URL, abort: RequestAbort): Coro<Hop> {
    const pool = this.pool(url.origin);
    const { maxBodyBytes, userAgent } = this.options;
    return yield* withTimeout(this.options.timeoutMs, function* () {
      try {
        return yield* call(requestOnce(pool, url, abort.signal, maxBodyBytes, userAgent));
      } catch (e) {
        // Timed out or cancelled while waiting: stop the request (it holds a connection).
        if (isCancelled(e)) abort.abort(e);
        throw e;
      }
    });
  }
}

async function requestOnce(pool: Pool, url: URL, signal: AbortSignal, maxBody: number, userAgent: string): Promise<Hop> {
  const res = await request(pool, {
    path: `${url.pathname}${url.search}`,
    method: "GET",
    headers: { "user-agent": userAgent, "accept-encoding": "gzip, deflate, br", accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    signal,
  });
  const location = res.headers["location"];
  if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === "string" && location !== "") {
    discard(res.body);
    return { redirect: location, status: res.statusCode };
  }
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBody && !res.headers["content-encoding"]) {
    discard(res.body);
    throw new BodyTooLarge(`Content-Length ${declared} is over the ${maxBody}-byte limit`);
  }
  const collected = new BodyCollector(declared, maxBody);
  for await (const chunk of res.body) {
    if (!collected.push(chunk as Buffer)) {
      discard(res.body);
      throw new BodyTooLarge(`body is over the ${maxBody}-byte limit`);
    }
  }
  let body: Buffer = collected.finish();
  body = await decodeContent(body, res.headers["content-encoding"], maxBody);
  const ct = res.headers["content-type"];
  return {
    status: res.statusCode,
    headers: res.headers as Record<string, string | string[] | undefined>,
    contentType: typeof ct === "string" ? ct : null,
    body,
  };
}

/**
 * Undoes the Content-Encoding list, last coding first (RFC 9110 §8.4: codings are listed
 * in the order they were applied). A coding we do not know, or a body that does not
 * inflate, fails the page rather than handing compressed bytes to the charset decoder,
 * which would turn them into a page of replacement characters.
 */
async function decodeContent(body: Buffer, header: string | string[] | undefined, maxBody: number): Promise<Buffer> {
  const codings = String(header ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = codings[i]!;
    const decode = coding === "deflate" ? inflateAny : decoders[coding];
    if (decode === undefined) throw new BadContentEncoding(`Content-Encoding "${coding}" is not supported (gzip, deflate and br are)`);
    try {
      body = await decode(body, { maxOutputLength: maxBody });
    } catch (e) {
      if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw e;
      throw new BadContentEncoding(`the body is not valid ${coding} data (${(e as Error).message})`, { cause: e });
    }
  }
  return body;
}

/** Stop reading a body we do not want; the abort error it emits is expected. */
function discard(body: { on(event: "error", f: () => void): unknown; destroy(): unknown }): void {
  body.on("error", () => {});
  body.destroy();
}

function failure(e: unknown, finalUrl: string): FetchOutcome {
  if (e instanceof TimeoutError) return { kind: "failed", reason: "timeout", transient: true, finalUrl, error: e };
  const code = (e as { code?: string })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
  if (code === "CRAWL_BODY_TOO_LARGE" || code === "ERR_BUFFER_TOO_LARGE") {
    return { kind: "failed", reason: "body-too-large", transient: false, finalUrl, error: e };
  }
  if (hasCode(e, "CRAWL_PRIVATE_ADDRESS")) return { kind: "skipped", reason: "private-address", finalUrl };
  if (code === "CRAWL_BAD_CONTENT_ENCODING") return { kind: "failed", reason: "bad-content-encoding", transient: false, finalUrl, error: e };
  const c = classifyError(e);
  if (c.kind === "ok") throw e;
  return { kind: "failed", reason: c.reason, transient: c.kind === "transient", finalUrl, error: e };
}

function hasCode(e: unknown, code: string): boolean {
  for (let x = e, i = 0; x && typeof x === "object" && i < 5; x = (x as { cause?: unknown }).cause, i++) {
    if ((x as { code?: unknown }).code === code) return true;
  }
  return false;
}

const SKIPS = new Set<string>(["robots-disallowed", "out-of-scope", "trap", "max-depth", "max-pages", "url-too-long", "private-address"]);
function isSkip(reason: string): reason is SkipReason {
  return SKIPS.has(reason);
}

/** A `lookup` for net.connect that refuses private answers (unless allowed). */
function makeLookup(allowPrivate: boolean): typeof dnsLookup {
  const checked = (hostname: string, options: object, callback: (...a: unknown[]) => void): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      const bad = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new PrivateAddress(`${hostname} resolves to the private address ${bad.address}; pass --allow-private to crawl it`));
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return checked as unknown as typeof dnsLookup;
}
