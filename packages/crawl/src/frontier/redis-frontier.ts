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
import { CrawlError, CrawlStateLost, UsageError, type SkipReason } from "../errors.js";
import type { CompleteResult, EntryOutcome, FrontierCounts, FrontierEntry, NewEntry, ProblemRecord, StoredResult } from "./frontier.js";
import { RedisConnection, type RedisConnectionOptions } from "./redis-connection.js";
import { FETCH_LOG_CAP, type ScriptName } from "./redis-scripts.js";
import type { HostSlotGrant, SharedFrontier } from "./shared-frontier.js";
import { readStatus, type CrawlStatus } from "./redis-status.js";
import { workerActivity, type EngineActivity, type WorkerActivity } from "./worker-activity.js";

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
  /** Fetch rows kept for the report (the latest ones; totals stay exact). Default 100 000. */
  fetchLogCap?: number;
  /** Delete the crawl's state first and start it over (`--fresh`); workers still on the old one stop with {@link CrawlStateLost}. */
  fresh?: boolean;
}

const BATCH = 500;
/** How often a worker's activity may be published, ms (see {@link RedisFrontier.watchActivity}). */
const ACTIVITY_EVERY_MS = 1_000;
const CRAWL_ID = /^[A-Za-z0-9._-]{1,100}$/;
/**
 * Ids handed to the engine are `era * ERA_SPAN + Redis id`. The era starts at 0 (so ids
 * are Redis's own) and grows after each rollback, so an entry the worker held before it
 * can never be mistaken for the entry that takes the same Redis id afterwards.
 */
const ERA_SPAN = 2 ** 40;

/** What a script call does when Redis turns out to have rolled back meanwhile. */
type OnRollback = "retry" | "drop";

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
  /**
   * Slots given back but not yet sent: the next acquire carries them (a fetch worker
   * releases and acquires back to back), else a flush right after this turn does.
   */
  private releases: { pairs: [string, string][]; settle: (call: Promise<unknown>) => void; sent: Promise<void> } | null = null;
  /** Every host this worker took a slot of: where a snapshot may keep its old slots. */
  private readonly slotHosts = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  private opSeq = 0;
  private closed = false;
  /** The crawl's epoch this worker joined (see `redis-scripts.ts`). */
  private epoch = "";
  /** This worker's script calls answered since it joined (Redis has run at least as many). */
  private acked = 0;
  /** Rollbacks survived: the high part of the ids handed out. */
  private era = 0;
  /** Set once the crawl's state is found lost: every later call fails with it. */
  private lost: CrawlStateLost | null = null;
  /** What the engine says it is doing (see {@link watchActivity}), and the last activity sent. */
  private activity: (() => EngineActivity) | null = null;
  private activitySent = "";
  private activityTimer: NodeJS.Timeout | null = null;
  /** This worker saw the crawl end (it stored `finished`). */
  private sawEnd = false;

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
      if (options.fresh === true) await frontier.deleteAll();
      await frontier.join();
      await frontier.checkDedup();
    } catch (e) {
      await frontier.close();
      throw e;
    }
    return frontier;
  }

  /** Join the crawl's epoch, creating it (a new crawl) when there is none. */
  private async join(): Promise<void> {
    const key = this.prefix + "epoch";
    const mine = `${Date.now().toString(36)}-${randomBytes(6).toString("hex")}`;
    await this.conn.run("epoch", () => this.conn.redis.set(key, mine, "NX"));
    this.epoch = (await this.conn.run("epoch", () => this.conn.redis.get(key))) ?? mine;
  }

  /** `--fresh`: remove every key of the crawl (SCAN, so a big crawl does not block Redis). */
  private async deleteAll(): Promise<void> {
    const pattern = this.prefix.replace(/[*?[\]\\]/g, "\\$&") + "*";
    let cursor = "0";
    do {
      const [next, keys] = await this.conn.run("fresh", () => this.conn.redis.scan(cursor, "MATCH", pattern, "COUNT", 1000));
      if (keys.length > 0) await this.conn.run("fresh", () => this.conn.redis.unlink(...keys));
      cursor = next;
    } while (cursor !== "0");
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

  /**
   * Run a script with the header every script checks (epoch, this worker's call count).
   * A lost crawl throws {@link CrawlStateLost}, now and on every later call. A rollback is
   * survived once ({@link rolledBack}), then the call is sent again (`retry`) or, when
   * it concerned what the worker held before (`drop`), resolves to `null`.
   */
  private async script<T>(name: ScriptName, rest: (string | number)[], onRollback: OnRollback = "retry"): Promise<T | null> {
    return (await this.scriptInEra<T>(name, rest, onRollback))[0];
  }

  /** {@link script}, and the era in which the call that answered was sent. */
  private async scriptInEra<T>(name: ScriptName, rest: (string | number)[], onRollback: OnRollback): Promise<[T | null, number]> {
    for (;;) {
      if (this.lost !== null) throw this.lost;
      const era = this.era;
      try {
        const reply = await this.conn.script<T>(name, [this.prefix, this.bloomBits, this.epoch, this.workerId, this.acked, ...rest]);
        if (era === this.era) this.acked++;
        return [reply, era];
      } catch (e) {
        const message = String((e as Error)?.message ?? e);
        if (message.startsWith("CRAWLLOST")) {
          this.lost ??= new CrawlStateLost(this.options.crawlId, { cause: e });
          throw this.lost;
        }
        if (!message.startsWith("ROLLBACK ")) throw e;
        if (era === this.era) this.rolledBack(Number(message.slice("ROLLBACK ".length)));
        if (onRollback === "drop") return [null, era];
      }
    }
  }

  /**
   * Redis came back from an older snapshot and forgot some of what this worker did: its
   * leases and slots may be gone, and the ids it holds may be given to other URLs. Start
   * a new era (ids held so far are dropped: completing one changes nothing, its page is
   * fetched again by whoever leases it) and put back every lease of this worker that the
   * snapshot still has. The release is sent before any other call of the new era.
   */
  private rolledBack(ranInRedis: number): void {
    this.acked = ranInRedis;
    this.era++;
    this.held.clear();
    this.slots.clear();
    void this.script("corioReleaseWorker", [JSON.stringify([...this.slotHosts])], "drop").catch(() => {});
  }

  /** The Redis id of an id handed out in the current era, or `null` for an earlier era's. */
  private redisId(id: number): number | null {
    return Math.floor(id / ERA_SPAN) === this.era ? id % ERA_SPAN : null;
  }

  private nextOp(): string {
    return `${this.workerId}:${++this.opSeq}`;
  }

  async add(entries: readonly NewEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    return Number(await this.script("corioAdd", [JSON.stringify(entries.map(wire))]));
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
    for (;;) {
      const [reply, era] = await this.scriptInEra<string>("corioLease", [limit, JSON.stringify([...skipHosts]), this.workerId, this.leaseMs, this.nextOp()], "retry");
      // Sent before a rollback that another call noticed meanwhile: what it leased is the
      // old era's (corioReleaseWorker puts back what the snapshot kept); lease afresh.
      if (era !== this.era) continue;
      const rows = JSON.parse(reply!) as [number, string, string, string, number, number | null, string | null, string][];
      const base = this.era * ERA_SPAN;
      return rows.map(([rid, url, key, host, depth, ord, label, token]) => {
        const id = base + rid;
        this.held.set(id, token);
        return { id, url, key, host, depth, ord, label };
      });
    }
  }

  async complete(id: number, outcome: EntryOutcome, discovered: readonly NewEntry[]): Promise<CompleteResult> {
    return this.completeOp(id, outcome, discovered, this.nextOp());
  }

  /**
   * {@link complete} with a caller-chosen operation id: sending the same call twice (as a
   * retry after a lost connection does) stores the result once and answers the same.
   */
  async completeOp(id: number, outcome: EntryOutcome, discovered: readonly NewEntry[], opId: string): Promise<CompleteResult> {
    const rid = this.redisId(id);
    // Held before a rollback: Redis may have forgotten the lease or given the id to
    // another URL, so nothing is written; the page is fetched again.
    if (rid === null) return { added: 0, skipped: 0, duplicate: false };
    const token = this.held.get(id) ?? "";
    let reply: string | null;
    try {
      reply = await this.script<string>("corioComplete", [rid, token, opId, JSON.stringify(outcome), JSON.stringify(discovered.map(wire)), this.workerId, this.options.fetchLogCap ?? FETCH_LOG_CAP], "drop");
    } catch (e) {
      const message = String((e as Error)?.message ?? e);
      if (message.startsWith("NOTLEASED ")) throw new CrawlError("internal", message.slice("NOTLEASED ".length), { cause: e });
      throw e;
    }
    this.held.delete(id);
    if (reply === null) return { added: 0, skipped: 0, duplicate: false };
    const r = JSON.parse(reply) as CompleteResult;
    return { added: r.added, skipped: r.skipped ?? 0, duplicate: r.duplicate, ...(r.landed ? { landed: true } : {}), ...(r.lost ? { lost: true } : {}) };
  }

  async release(ids: readonly number[]): Promise<void> {
    if (this.lost !== null) return; // nothing left to give back
    const mine = ids.filter((id) => this.held.has(id));
    const pairs = mine.map((id) => [this.redisId(id)!, this.held.get(id)!] as const);
    if (pairs.length === 0) return;
    await this.script("corioRelease", [JSON.stringify(pairs)], "drop");
    for (const id of mine) this.held.delete(id);
  }

  /**
   * Re-queue this worker's leases and every expired lease (a dead worker's). Live
   * leases of other workers are left alone: they are being fetched.
   */
  async recover(): Promise<number> {
    const pairs = [...this.held].map(([id, token]) => [this.redisId(id)!, token] as const);
    let n = 0;
    if (pairs.length > 0) n += Number(await this.script("corioRelease", [JSON.stringify(pairs)], "drop"));
    this.held.clear();
    for (;;) {
      const [examined, requeued] = (await this.script<[number, number]>("corioReap", [BATCH]))!;
      n += Number(requeued);
      if (Number(examined) < BATCH) return n;
    }
  }

  async skipQueued(reason: SkipReason): Promise<number> {
    let n = 0;
    for (;;) {
      const k = Number(await this.script("corioSkipQueued", [reason, BATCH]));
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
    if (key === "finished") this.sawEnd = true;
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
    const releasing = this.releases;
    this.releases = null;
    const acquired = this.script<[number, number]>("corioAcquireSlot", [host, limit, Math.max(0, Math.round(delayMs)), token, this.leaseMs, 50, JSON.stringify(releasing?.pairs ?? [])]);
    releasing?.settle(acquired);
    const [ok, waitMs] = (await acquired)!;
    if (Number(ok) !== 1) return { granted: false, waitMs: Number(waitMs) };
    this.slots.set(token, host);
    this.slotHosts.add(host);
    return { granted: true, token };
  }

  /**
   * Give back a slot of {@link acquireHostSlot} (unknown tokens are ignored). Sent with
   * this worker's next acquire if one comes in this turn of the event loop, else alone
   * right after it: the slot is free within the same turn either way.
   */
  releaseHostSlot(host: string, token: string): Promise<void> {
    this.slots.delete(token);
    let batch = this.releases;
    if (batch === null) {
      let settle!: (call: Promise<unknown>) => void;
      const sent = new Promise<unknown>((resolve) => (settle = resolve)).then(() => {});
      const created = { pairs: [] as [string, string][], settle, sent };
      this.releases = batch = created;
      setImmediate(() => {
        if (this.releases !== created) return; // an acquire carried them
        this.releases = null;
        created.settle(this.script("corioReleaseSlot", [JSON.stringify(created.pairs)], "drop"));
      });
    }
    batch.pairs.push([host, token]);
    return batch.sent;
  }

  /** Grant no slot of `host` for `ms` (Retry-After, 429/503 backoff): every worker waits. */
  async pauseHost(host: string, ms: number): Promise<void> {
    await this.script("corioPauseHost", [host, Math.max(0, Math.round(ms))]);
  }

  /** robots.txt shared by the workers (see `robots/shared-robots.ts`): the stored answer, `""` (fetch it: the lock is yours), or `null` (wait). */
  async robotsGet(origin: string, lockMs: number): Promise<string | null> {
    return this.script<string | null>("corioRobotsGet", [origin, Math.max(1, Math.round(lockMs))]);
  }

  /** Store an origin's robots.txt answer for every worker (`""`: nothing) and drop this worker's lock. */
  async robotsPut(origin: string, record: string, ttlMs: number): Promise<void> {
    await this.script("corioRobotsPut", [origin, record, Math.max(1, Math.round(ttlMs))]);
  }

  /** Take one unit of the crawl-wide `--max-pages` budget for entry `id` (free if it had one). */
  async claimPage(id: number, max: number): Promise<boolean> {
    const rid = this.redisId(id);
    if (rid === null) return true; // dropped at a rollback: fetched, then not stored
    const ok = await this.script("corioClaimPage", [rid, max], "drop");
    return ok === null || Number(ok) === 1;
  }

  // ---- liveness and status --------------------------------------------------------

  /** Extend this worker's leases and slots; runs every `leaseMs / 3`. Resolves to leases extended. */
  async renew(): Promise<number> {
    const slots = [...this.slots].map(([token, host]) => [host, token]);
    const leases = [...this.held].map(([id, token]) => [this.redisId(id)!, token]);
    return Number(await this.script("corioRenew", [this.leaseMs, JSON.stringify(leases), JSON.stringify(slots), this.workerId], "drop"));
  }

  /**
   * Publish what this worker is doing (hash `wstate`, read by every worker's dashboard and
   * `corio crawl status`): `read` is asked once a second and its answer sent only when it
   * changed — at most one small write a second, never one per page. On {@link close} the
   * last word is `finished` (this worker saw the crawl end) or `stopped`.
   */
  watchActivity(read: () => EngineActivity): void {
    this.activity = read;
    if (this.activityTimer !== null) clearInterval(this.activityTimer);
    this.activityTimer = setInterval(() => void this.publishActivity().catch(() => {}), ACTIVITY_EVERY_MS);
    this.activityTimer.unref();
    void this.publishActivity().catch(() => {});
  }

  private async publishActivity(final?: WorkerActivity["state"]): Promise<void> {
    const read = this.activity;
    if (read === null || this.lost !== null || (this.closed && final === undefined)) return;
    const a: WorkerActivity =
      final === undefined ? workerActivity(read(), this.slots.values(), this.held.size, this.leaseMs) : { state: final, inFlight: 0, waiting: 0, hosts: [], leased: 0, leaseMs: this.leaseMs };
    const json = JSON.stringify(a);
    if (json === this.activitySent) return;
    this.activitySent = json;
    await this.script("corioWorkerState", [json], "drop");
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
    if (this.activityTimer !== null) {
      clearInterval(this.activityTimer);
      // The last word, not waited for long: a Redis that is gone must not hold the exit.
      const last = this.publishActivity(this.sawEnd ? "finished" : "stopped").catch(() => {});
      await Promise.race([last, new Promise((r) => setTimeout(r, 1_000).unref())]);
    }
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
