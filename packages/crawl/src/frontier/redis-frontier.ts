/**
 * The Frontier in Redis, shared by every worker of one crawl (`--frontier redis://…
 * --crawl-id NAME`): same contract as the SQLite one, plus leases that expire, and
 * global per-host politeness slots.
 *
 * Structure (keys in `redis-scripts.ts`): a hash per entry, per-host queues of ids (a
 * sorted set per host, and a sorted set of hosts by their oldest id, so "oldest first,
 * none of these hosts" is a merge, never a scan), a sorted set of leases scored by
 * expiry, a set (or a Bloom bitmap) of seen keys. Every transition is one Lua script, so
 * `complete` (outcome + result + discovered links + lease end) is atomic.
 *
 * Leases: a lease has a token (`worker#n`); a heartbeat renews this worker's leases
 * every `leaseMs / 3`; a lease not renewed in `leaseMs` (a killed worker) is re-queued by
 * the next `lease`/`recover` of any worker. A worker whose lease expired may still
 * complete the entry (the first completion wins; a later one is told `duplicate`).
 * Every call carries an operation id, so a call resent after a lost connection replays
 * its first reply instead of leasing or completing twice.
 *
 * Ending: `lease` of a worker that holds no lease, when nothing is queued but other
 * workers hold leases, waits (polling) until something is queued or no lease is left —
 * the other workers may still discover links — so every worker ends when the crawl ends.
 *
 * Sorted-set leases over Redis Streams (XREADGROUP + XAUTOCLAIM): a stream entry cannot be
 * skipped per host, re-queued with its original age, nor be de-duplicated or completed
 * together with other keys in one step; see docs/distributed-crawl.md.
 * @module
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { CrawlError, UsageError, type SkipReason } from "../errors.js";
import type { CompleteResult, EntryOutcome, FrontierCounts, FrontierEntry, NewEntry, ProblemRecord, StoredResult } from "./frontier.js";
import { RedisConnection, type RedisConnectionOptions } from "./redis-connection.js";
import type { HostSlotGrant, SharedFrontier } from "./shared-frontier.js";
import { readStatus, type CrawlStatus } from "./redis-status.js";

export type { CrawlStatus, WorkerStatus } from "./redis-status.js";

/** Options of {@link RedisFrontier.connect}. */
export interface RedisFrontierOptions extends RedisConnectionOptions {
  /** The crawl's name: every key is under `corio:crawl:{crawlId}:`. Letters, digits, `._-`. */
  crawlId: string;
  /** Lease (visibility) timeout, ms: a worker silent this long loses its URLs. Default 30 000. */
  leaseMs?: number;
  /** This worker's name in leases and `status`. Default `hostname:pid:random`. */
  workerId?: string;
  /** Seen set: an exact Redis set (default) or a Bloom filter (`bloom`, for huge crawls; may drop a few new URLs). */
  dedup?: "set" | "bloom";
  /** Bloom filter size in bits (at most 2^32). Default 2^27 (16 MiB): ~0.2% false positives at 10 M URLs. */
  bloomBits?: number;
  /** When `lease` waits for other workers, how often it looks again, ms. Default 200. */
  pollMs?: number;
  /** Ends a waiting `lease` (it resolves to `[]`), e.g. on Ctrl-C. */
  signal?: AbortSignal;
}

const BATCH = 500;
const CRAWL_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Keys under which the crawl `crawlId` lives. */
export function crawlPrefix(crawlId: string): string {
  return `corio:crawl:{${crawlId}}:`;
}

/**
 * A {@link SharedFrontier} (a Frontier, plus global politeness) in Redis.
 *
 * @example
 * ```ts
 * const frontier = await RedisFrontier.connect("redis://127.0.0.1:6379/0", { crawlId: "novel" });
 * await frontier.recover(); // expired leases of dead workers go back to the queue
 * ```
 */
export class RedisFrontier implements SharedFrontier {
  readonly shared = true as const;
  readonly workerId: string;
  private readonly prefix: string;
  private readonly bloomBits: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  /** Lease tokens of the entries this worker holds: renewed by the heartbeat. */
  private readonly held = new Map<number, string>();
  /** Politeness slots this worker holds (`token` → host): renewed by the heartbeat. */
  private readonly slots = new Map<string, string>();
  private readonly heartbeat: NodeJS.Timeout;
  private opSeq = 0;
  private closed = false;

  private constructor(
    readonly conn: RedisConnection,
    private readonly options: RedisFrontierOptions,
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    this.prefix = crawlPrefix(options.crawlId);
    this.bloomBits = options.dedup === "bloom" ? (options.bloomBits ?? 2 ** 27) : 0;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 200;
    let beating = false;
    const beat = () => {
      if (beating || this.closed) return; // a beat waiting on a lost Redis is enough
      beating = true;
      this.renew()
        .catch(() => {})
        .finally(() => (beating = false));
    };
    this.heartbeat = setInterval(beat, Math.max(10, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
  }

  /** Connect and check the options; throws {@link UsageError} naming the fix. */
  static async connect(url: string, options: RedisFrontierOptions): Promise<RedisFrontier> {
    if (!CRAWL_ID.test(options.crawlId)) {
      throw new UsageError(`expected a name of letters, digits, '.', '_' or '-', got '${options.crawlId}'`, { option: "--crawl-id" });
    }
    if (options.dedup === "bloom" && options.bloomBits !== undefined && !(options.bloomBits >= 1024 && options.bloomBits <= 2 ** 32)) {
      throw new RangeError(`bloomBits: expected 1024 to 2^32, got ${options.bloomBits}`);
    }
    const conn = await RedisConnection.open(url, options);
    const frontier = new RedisFrontier(conn, options);
    try {
      await frontier.checkDedup();
    } catch (e) {
      await frontier.close();
      throw e;
    }
    return frontier;
  }

  /** The dedup mode is fixed by the first worker; a worker asking for the other one is refused. */
  private async checkDedup(): Promise<void> {
    const want = this.bloomBits === 0 ? "set" : `bloom:${this.bloomBits}`;
    const key = this.prefix + "meta";
    await this.conn.run("hsetnx", () => this.conn.redis.hsetnx(key, "dedup", want));
    const have = await this.conn.run("hget", () => this.conn.redis.hget(key, "dedup"));
    if (have !== want) {
      throw new UsageError(`crawl '${this.options.crawlId}' de-duplicates with '${have}', this worker asked for '${want}'; use the same --dedup on every worker`, {
        option: "--dedup",
      });
    }
  }

  private args(...rest: (string | number)[]): (string | number)[] {
    return [this.prefix, this.bloomBits, ...rest];
  }

  private nextOp(): string {
    return `${this.workerId}:${++this.opSeq}`;
  }

  async add(entries: readonly NewEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    return Number(await this.conn.script("corioAdd", this.args(JSON.stringify(entries.map(wire)))));
  }

  async lease(limit: number, skipHosts: ReadonlySet<string> = new Set()): Promise<FrontierEntry[]> {
    for (let wait = this.pollMs; ; wait = Math.min(wait * 2, 5 * this.pollMs)) {
      const got = await this.leaseOnce(limit, skipHosts);
      if (got.length > 0 || limit <= 0 || this.held.size > 0 || this.closed || this.options.signal?.aborted) return got;
      const c = await this.counts();
      if (c.queued === 0 && c.leased === 0) return got; // the crawl is over
      if (c.queued > 0 && skipHosts.size > 0) return got; // only skipped hosts have work
      await sleepUnlessAborted(wait, this.options.signal);
    }
  }

  private async leaseOnce(limit: number, skipHosts: ReadonlySet<string>): Promise<FrontierEntry[]> {
    if (limit <= 0) return [];
    const reply = await this.conn.script<string>("corioLease", this.args(limit, JSON.stringify([...skipHosts]), this.workerId, this.leaseMs, this.nextOp()));
    const rows = JSON.parse(reply) as [number, string, string, string, number, number | null, string | null, string][];
    return rows.map(([id, url, key, host, depth, ord, label, token]) => {
      this.held.set(id, token);
      return { id, url, key, host, depth, ord, label };
    });
  }

  async complete(id: number, outcome: EntryOutcome, discovered: readonly NewEntry[]): Promise<CompleteResult> {
    return this.completeOp(id, outcome, discovered, this.nextOp());
  }

  /**
   * {@link complete} with a caller-chosen operation id: sending the same call twice (as a
   * retry after a lost connection does) stores the result once and answers the same.
   */
  async completeOp(id: number, outcome: EntryOutcome, discovered: readonly NewEntry[], opId: string): Promise<CompleteResult> {
    const token = this.held.get(id) ?? "";
    let reply: string;
    try {
      reply = await this.conn.script<string>(
        "corioComplete",
        this.args(id, token, opId, JSON.stringify(outcome), JSON.stringify(discovered.map(wire)), this.workerId),
      );
    } catch (e) {
      const message = String((e as Error)?.message ?? e);
      if (message.startsWith("NOTLEASED ")) throw new CrawlError("internal", message.slice("NOTLEASED ".length), { cause: e });
      throw e;
    }
    this.held.delete(id);
    const r = JSON.parse(reply) as CompleteResult;
    return { added: r.added, skipped: r.skipped ?? 0, duplicate: r.duplicate, ...(r.lost ? { lost: true } : {}) };
  }

  async release(ids: readonly number[]): Promise<void> {
    const pairs = ids.flatMap((id) => (this.held.has(id) ? [[id, this.held.get(id)!] as const] : []));
    if (pairs.length === 0) return;
    await this.conn.script("corioRelease", this.args(JSON.stringify(pairs)));
    for (const [id] of pairs) this.held.delete(id);
  }

  /**
   * Re-queue this worker's leases and every expired lease (a dead worker's). Live
   * leases of other workers are left alone: they are being fetched.
   */
  async recover(): Promise<number> {
    const pairs = [...this.held];
    let n = 0;
    if (pairs.length > 0) n += Number(await this.conn.script("corioRelease", this.args(JSON.stringify(pairs))));
    this.held.clear();
    for (;;) {
      const [examined, requeued] = await this.conn.script<[number, number]>("corioReap", this.args(BATCH));
      n += Number(requeued);
      if (Number(examined) < BATCH) return n;
    }
  }

  async skipQueued(reason: SkipReason): Promise<number> {
    let n = 0;
    for (;;) {
      const k = Number(await this.conn.script("corioSkipQueued", this.args(reason, BATCH)));
      n += k;
      if (k < BATCH) return n;
    }
  }

  async counts(): Promise<FrontierCounts> {
    const v = await this.conn.run("counts", () => this.conn.redis.hmget(this.prefix + "counts", "queued", "leased", "ok", "failed", "skipped"));
    const [queued, leased, ok, failed, skipped] = v.map((x) => Number(x ?? 0)) as [number, number, number, number, number];
    return { queued, leased, ok, failed, skipped };
  }

  async *results(): AsyncIterable<StoredResult> {
    for (const set of ["res:ord", "res:seq"]) {
      for await (const [id, f] of this.scan(set, ["u", "d", "o", "l", "dt"])) {
        if (f[4] === null) continue;
        yield { id, url: f[0]!, depth: Number(f[1]), ord: f[2] === null ? null : Number(f[2]), label: f[3], data: f[4] };
      }
    }
  }

  async *problems(): AsyncIterable<ProblemRecord> {
    for await (const [, f] of this.scan("problems", ["u", "s", "r", "a", "st", "er", "d"])) {
      const failed = f[1] === "failed";
      yield {
        url: f[0]!,
        outcome: failed ? "failed" : "skipped",
        reason: f[2] ?? "",
        attempts: failed ? Number(f[3] ?? 0) : 0,
        status: failed && f[4] !== null ? Number(f[4]) : null,
        error: failed ? f[5] : null,
        depth: Number(f[6]),
      };
    }
  }

  /** Walk a sorted set of ids by score in batches, with the entries' `fields`. */
  private async *scan(set: string, fields: string[]): AsyncIterable<[number, (string | null)[]]> {
    let after = "-inf";
    for (;;) {
      const page = await this.conn.run("scan", () => this.conn.redis.zrangebyscore(this.prefix + set, after, "+inf", "WITHSCORES", "LIMIT", 0, BATCH));
      if (page.length === 0) return;
      const ids: string[] = [];
      for (let i = 0; i < page.length; i += 2) ids.push(page[i]!);
      const rows = await this.conn.run("scan", async () => {
        const pipe = this.conn.redis.pipeline();
        for (const id of ids) pipe.hmget(this.prefix + "e:" + id, ...fields);
        return (await pipe.exec()) ?? [];
      });
      for (let i = 0; i < ids.length; i++) {
        const [err, f] = rows[i] ?? [null, null];
        if (err) throw err;
        yield [Number(ids[i]), f as (string | null)[]];
      }
      after = `(${page[page.length - 1]}`;
      if (page.length < 2 * BATCH) return;
    }
  }

  async getMeta(key: string): Promise<string | null> {
    return this.conn.run("getMeta", () => this.conn.redis.hget(this.prefix + "meta", `m:${key}`));
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.conn.run("setMeta", () => this.conn.redis.hset(this.prefix + "meta", `m:${key}`, value));
  }

  // ---- global politeness ----------------------------------------------------------

  /**
   * Try to take one of `limit` request slots of `host`, shared by every worker, no
   * sooner than `delayMs` after the previous grant (start to start) and after any
   * {@link pauseHost}. The slot is renewed by the heartbeat and expires `leaseMs` after a
   * worker dies. Not granted → how long to wait before asking again.
   */
  async acquireHostSlot(host: string, limit: number, delayMs: number): Promise<HostSlotGrant> {
    const token = this.nextOp();
    const [ok, waitMs] = await this.conn.script<[number, number]>("corioAcquireSlot", this.args(host, limit, Math.max(0, Math.round(delayMs)), token, this.leaseMs, 50));
    if (Number(ok) !== 1) return { granted: false, waitMs: Number(waitMs) };
    this.slots.set(token, host);
    return { granted: true, token };
  }

  /** Give back a slot of {@link acquireHostSlot} (unknown tokens are ignored). */
  async releaseHostSlot(host: string, token: string): Promise<void> {
    this.slots.delete(token);
    await this.conn.script("corioReleaseSlot", this.args(host, token));
  }

  /** Grant no slot of `host` for `ms` (Retry-After, 429/503 backoff): every worker waits. */
  async pauseHost(host: string, ms: number): Promise<void> {
    await this.conn.script("corioPauseHost", this.args(host, Math.max(0, Math.round(ms))));
  }

  /** Take one unit of the crawl-wide `--max-pages` budget for entry `id` (free if it had one). */
  async claimPage(id: number, max: number): Promise<boolean> {
    return Number(await this.conn.script("corioClaimPage", this.args(id, max))) === 1;
  }

  // ---- liveness and status --------------------------------------------------------

  /** Extend this worker's leases and slots; runs every `leaseMs / 3`. Resolves to leases extended. */
  async renew(): Promise<number> {
    const slots = [...this.slots].map(([token, host]) => [host, token]);
    return Number(await this.conn.script("corioRenew", this.args(this.leaseMs, JSON.stringify([...this.held]), JSON.stringify(slots), this.workerId)));
  }

  /** Progress of the whole crawl: counts, and per worker what it did and how fast. */
  async status(): Promise<CrawlStatus> {
    return readStatus(this.conn, this.prefix, this.options.crawlId, await this.counts(), await this.getMeta("finished"));
  }

  /** Round trips to Redis so far (each script call is one). */
  get roundTrips(): number {
    return this.conn.roundTrips;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    await this.conn.close();
  }
}

/** A NewEntry as the scripts read it (absent optional fields become JSON null). */
function wire(e: NewEntry): Record<string, unknown> {
  return { url: e.url, key: e.key, host: e.host, depth: e.depth, ord: e.ord ?? null, label: e.label ?? null, skip: e.skip ?? null };
}

function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
