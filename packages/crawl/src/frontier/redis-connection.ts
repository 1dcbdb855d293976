/**
 * One ioredis connection for a Redis frontier: a clear error when Redis is not there at
 * start, and patience when it goes away mid-crawl.
 *
 * At start, a failed connection is the user's to fix, so it is a {@link UsageError}
 * naming the URL (password hidden) and what to do. Later, ioredis reconnects on its own
 * with capped exponential backoff (`retryStrategy`), and commands issued meanwhile wait
 * in its offline queue (`maxRetriesPerRequest: null`) instead of failing. {@link
 * RedisConnection.run} bounds that patience (`unavailableMs`) and retries a command that
 * failed on a broken connection or on a restarting server (`LOADING`), with backoff; the
 * scripts are idempotent under such retries (operation ids, see `redis-scripts.ts`).
 *
 * Rejected: failing fast on a lost connection (one Redis restart would kill every
 * worker of a long crawl) and waiting forever (a crawl stuck with no message).
 * @module
 */
// Types only: ioredis itself is loaded in `open`, so crawls without Redis never pay for it
// (about 12 MB of start-up memory, measured by bench:crawl).
import type { Redis, RedisOptions } from "ioredis";
import { CrawlError, UsageError } from "../errors.js";
import { SCRIPTS, type ScriptName } from "./redis-scripts.js";

/** Redis could not be reached for longer than `unavailableMs` during a crawl. */
export class RedisUnavailableError extends CrawlError {
  override name = "RedisUnavailableError";
  /** The script or command that gave up (e.g. `corioLease`), for a bug report. */
  readonly operation: string | undefined;

  constructor(message: string, options?: { cause?: unknown; operation?: string }) {
    super("frontier-unavailable", message, options);
    this.operation = options?.operation;
  }
}

/** Options of {@link RedisConnection.open}. */
export interface RedisConnectionOptions {
  /** How long the first connection may take before the start fails, ms. Default 5 000. */
  connectTimeoutMs?: number;
  /** How long a command waits for a lost Redis (reconnecting) before it fails, ms. Default 60 000. */
  unavailableMs?: number;
}

type ScriptFn = (...args: (string | number)[]) => Promise<unknown>;

/** `redis://user:secret@host:6379/0` → `redis://user:***@host:6379/0`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

function isTransient(e: unknown): boolean {
  const message = String((e as Error)?.message ?? e);
  if ((e as Error)?.name === "ReplyError") return /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)/.test(message);
  return true; // connection closed, reset, timeout: the command may be sent again
}

/** A connected client plus the frontier's scripts. */
export class RedisConnection {
  /** Number of commands (round trips) sent, for the benchmark's "round trips per page". */
  roundTrips = 0;
  private closed = false;
  /**
   * Set by the first call that gives up on an unreachable Redis. Every call after it, and
   * every call still waiting, fails at once with the same error: a worker's shutdown makes
   * several calls (release leases, a last heartbeat), and waiting `unavailableMs` for each
   * in turn reported the outage minutes late.
   */
  private gaveUp: RedisUnavailableError | null = null;
  private readonly giveUpWaiters = new Set<(e: RedisUnavailableError) => void>();

  private constructor(
    readonly redis: Redis,
    readonly url: string,
    private readonly unavailableMs: number,
  ) {}

  /** Connect to `url` or throw a {@link UsageError} that says what to fix. */
  static async open(url: string, options: RedisConnectionOptions = {}): Promise<RedisConnection> {
    const shown = redactUrl(url);
    if (!/^rediss?:\/\//.test(url)) {
      throw new UsageError(`expected a redis://host:port/db URL, got '${shown}'`, { option: "--frontier" });
    }
    const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    const redisOptions: RedisOptions = {
      lazyConnect: true,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      // Calls issued in the same tick (a burst of completes and slot acquires) go out in
      // one socket write: measured, the writes to Redis were the worker's largest CPU item.
      enableAutoPipelining: true,
      connectTimeout: connectTimeoutMs,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), 2_000) + Math.floor(Math.random() * 100),
    };
    const { Redis: RedisClient } = await import("ioredis");
    const redis = new RedisClient(url, redisOptions);
    let lastError: unknown = null;
    redis.on("error", (e) => (lastError = e));
    try {
      await withTimer(redis.connect(), connectTimeoutMs, () => new Error(`no answer within ${connectTimeoutMs} ms`));
      await withTimer(redis.ping(), connectTimeoutMs, () => new Error(`no answer to PING within ${connectTimeoutMs} ms`));
    } catch (e) {
      redis.disconnect();
      const why = String((lastError as Error | null)?.message ?? (e as Error)?.message ?? e);
      throw new UsageError(
        `cannot reach Redis at ${shown} (${why}); start redis-server there (e.g. 'redis-server --port 6379'), or point --frontier at a running one, e.g. --frontier redis://127.0.0.1:6379/0`,
        { option: "--frontier", cause: e },
      );
    }
    for (const [name, s] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 0, lua: s.lua });
    return new RedisConnection(redis, url, options.unavailableMs ?? 60_000);
  }

  /**
   * Run `op`, retrying it with backoff while Redis is unreachable or restarting, for at
   * most `unavailableMs`; then reject with {@link RedisUnavailableError}. Reply errors of
   * the scripts (a refused state transition) are not retried.
   */
  async run<T>(what: string, op: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.unavailableMs;
    for (let attempt = 0; ; attempt++) {
      if (this.gaveUp !== null) throw this.gaveUp;
      this.roundTrips++;
      try {
        const left = deadline - Date.now();
        return await this.orGiveUp(withTimer(op(), Math.max(1, left), () => this.unavailable(what, null)));
      } catch (e) {
        if (e instanceof RedisUnavailableError) throw this.giveUp(e);
        if (this.closed || !isTransient(e)) throw e;
        if (Date.now() >= deadline) throw this.giveUp(this.unavailable(what, e));
        await this.orGiveUp(delay(Math.min(50 * 2 ** Math.min(attempt, 6), 2_000)));
      }
    }
  }

  /** Latch the first give-up and wake every waiting call with it. */
  private giveUp(e: RedisUnavailableError): RedisUnavailableError {
    if (this.gaveUp === null) {
      this.gaveUp = e;
      for (const wake of this.giveUpWaiters) wake(e);
      this.giveUpWaiters.clear();
    }
    return this.gaveUp;
  }

  /** `promise`, unless another call gives up on Redis first. */
  private orGiveUp<T>(promise: Promise<T>): Promise<T> {
    if (this.gaveUp !== null) return Promise.reject(this.gaveUp);
    let wake!: (e: RedisUnavailableError) => void;
    const gaveUp = new Promise<never>((_, reject) => (wake = reject));
    this.giveUpWaiters.add(wake);
    return Promise.race([promise, gaveUp]).finally(() => this.giveUpWaiters.delete(wake));
  }

  /** Run one of the frontier's scripts through {@link run}. */
  script<T = unknown>(name: ScriptName, args: (string | number)[]): Promise<T> {
    const fn = (this.redis as unknown as Record<ScriptName, ScriptFn>)[name];
    return this.run(name, () => fn.apply(this.redis, args) as Promise<T>);
  }

  private unavailable(what: string, cause: unknown): RedisUnavailableError {
    // `what` (the script or command that gave up) is for a bug report, not for the line a user reads.
    return new RedisUnavailableError(
      `Redis at ${redactUrl(this.url)} unreachable for ${formatMs(this.unavailableMs)}; the crawl's state in Redis is intact — restart the workers once Redis is back`,
      { cause, operation: what },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await withTimer(this.redis.quit(), 1_000, () => new Error("quit timed out"));
    } catch {
      this.redis.disconnect();
    }
  }
}

function formatMs(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 1_000)} s`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** `promise`, or the error of `onTimeout()` after `ms`. The timer never holds the process. */
function withTimer<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
