/**
 * The Frontier in a SQLite file (better-sqlite3, WAL): what makes a crawl resumable.
 *
 * One table `urls` is frontier, seen set and lease table at once: a row per canonical
 * key (UNIQUE), with a state `queued | leased | ok | failed | skipped | alias` (alias:
 * the key of a redirect target, so the final URL is de-duplicated too; a queued row
 * becomes an alias when a redirect lands on it, since that redirect fetched it). Results live in
 * `results` (page data, read back in index order to assemble the book); `meta` holds the
 * crawl's identity. `complete()` writes the outcome, the result and the discovered links
 * in one transaction, so after kill -9 a page is either fully committed or still leased,
 * and `recover()` re-queues the leased ones.
 *
 * Group commit: the completions that arrive in one event-loop turn (a burst of responses
 * handled together) are committed in one transaction, each in its own savepoint (a failed
 * one rolls back alone), and each `complete()` resolves only after that commit — so the
 * engine's pages are "done but uncommitted" only while they are in its bounded processing
 * gate. One commit per page was the crawl's largest cost at high page rates (a WAL
 * append and, every 1,000 pages of WAL, a checkpoint).
 *
 * WAL with `synchronous = NORMAL`: a committed transaction survives a process kill (the
 * WAL is in the OS page cache); only a power cut may lose the last few, which resume
 * then refetches. Memory stays small: `lease` reads a batch, `results` streams the data (holding only the ids).
 * @module
 */
import type BetterSqlite3 from "better-sqlite3";
import { sqliteDriver } from "./sqlite-driver.js";
import { CrawlError, type SkipReason } from "../errors.js";
import type { CompleteResult, EntryOutcome, Frontier, FrontierCounts, FrontierEntry, NewEntry, ProblemRecord, StoredResult } from "./frontier.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS urls (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  host TEXT NOT NULL,
  depth INTEGER NOT NULL,
  ord INTEGER,
  label TEXT,
  state TEXT NOT NULL,
  reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  status INTEGER,
  error TEXT
);
CREATE INDEX IF NOT EXISTS urls_by_state ON urls(state, id);
CREATE INDEX IF NOT EXISTS urls_by_state_host ON urls(state, host, id);
CREATE TABLE IF NOT EXISTS results (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
-- One row per page fetched to an end (its last response; bytes of every attempt): what
-- \`corio crawl report\` redraws the crawl from. Written in complete()'s transaction.
CREATE TABLE IF NOT EXISTS fetches (id INTEGER NOT NULL, at INTEGER NOT NULL, ms REAL NOT NULL, bytes INTEGER NOT NULL, status INTEGER, attempts INTEGER NOT NULL);
`;

/** Rows of one multi-row INSERT; smaller remainders use the sizes below it. */
const INSERT_SIZES = [64, 16, 4, 1] as const;

/**
 * `INSERT OR IGNORE` of new entries in their order, several rows a statement with
 * positional values: one row a statement with named values cost 16–18 ms for a
 * 2,000-chapter index in a fresh process, 64 rows a statement 7–9 ms (a site page's
 * sidebar adds hundreds per page). Returns the rows added and, of those, the ones added as
 * skipped. Run it in a transaction.
 */
function rowInserter(db: BetterSqlite3.Database): (entries: readonly NewEntry[]) => { added: number; skipped: number } {
  const columns = "INSERT OR IGNORE INTO urls (key, url, host, depth, ord, label, state, reason) VALUES ";
  const statements = new Map(INSERT_SIZES.map((n) => [n, db.prepare(columns + Array(n).fill("(?, ?, ?, ?, ?, ?, ?, ?)").join(", "))]));
  const values: unknown[] = [];
  /** Rows `from` to `to` (exclusive); returns how many were new. */
  const insert = (rows: readonly NewEntry[], from: number, to: number): number => {
    let added = 0;
    let i = from;
    for (const size of INSERT_SIZES) {
      const statement = statements.get(size)!;
      for (; to - i >= size; i += size) {
        values.length = 0;
        for (let j = i; j < i + size; j++) {
          const e = rows[j]!;
          values.push(e.key, e.url, e.host, e.depth, e.ord ?? null, e.label ?? null, e.skip ? "skipped" : "queued", e.skip ?? null);
        }
        added += statement.run(values).changes;
      }
    }
    return added;
  };
  return (entries) => {
    let added = 0;
    let skipped = 0;
    // Runs of rows of one kind (skipped or not), so each statement's `changes` counts one kind.
    for (let start = 0; start < entries.length; ) {
      const skip = Boolean(entries[start]!.skip);
      let end = start + 1;
      while (end < entries.length && Boolean(entries[end]!.skip) === skip) end++;
      const n = insert(entries, start, end);
      added += n;
      if (skip) skipped += n;
      start = end;
    }
    return { added, skipped };
  };
}

/** How many rows past `limit` the id-ordered lease scan looks before walking hosts instead. */
const LEASE_WINDOW = 1024;

/** A `complete()` waiting for its group commit. */
interface PendingCompletion {
  id: number;
  outcome: EntryOutcome;
  discovered: readonly NewEntry[];
  resolve: (r: CompleteResult) => void;
  reject: (e: unknown) => void;
  result?: CompleteResult;
  error?: unknown;
}

/** A leased row is exactly a FrontierEntry (the SELECT names its columns so). */
type Row = FrontierEntry;

/**
 * Open (or create) a state file.
 *
 * @example
 * ```ts
 * const frontier = SqliteFrontier.open("out/book.crawl.db");
 * await frontier.recover();
 * ```
 */
export class SqliteFrontier implements Frontier {
  private readonly db: BetterSqlite3.Database;
  private readonly stmts;
  private readonly addMany: (entries: readonly NewEntry[]) => number;
  private readonly completeTx: (id: number, outcome: EntryOutcome, discovered: readonly NewEntry[]) => CompleteResult;
  /** Completions waiting for the group commit queued by the first of them. */
  private pending: PendingCompletion[] = [];
  private readonly commitGroup: (batch: readonly PendingCompletion[]) => void;

  private constructor(
    path: string,
    private readonly lock: { release(): void } | null,
  ) {
    this.db = new (sqliteDriver())(path);
    try {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("busy_timeout = 5000");
      this.db.exec(SCHEMA);
    } catch (e) {
      this.db.close(); // not a database (or not ours to write): leave no handle open
      throw e;
    }
    const db = this.db;
    this.stmts = {
      insert: db.prepare(
        "INSERT OR IGNORE INTO urls (key, url, host, depth, ord, label, state, reason) VALUES (@key, @url, @host, @depth, @ord, @label, @state, @reason)",
      ),
      lease: db.prepare(
        "SELECT * FROM (SELECT id, url, key, host, depth, ord, label FROM urls WHERE state = 'queued' ORDER BY id LIMIT ?) WHERE host NOT IN (SELECT value FROM json_each(?)) LIMIT ?",
      ),
      nextQueuedHost: db.prepare("SELECT host FROM urls WHERE state = 'queued' AND host > ? ORDER BY host LIMIT 1").pluck(),
      leaseOfHost: db.prepare("SELECT id, url, key, host, depth, ord, label FROM urls WHERE state = 'queued' AND host = ? ORDER BY id LIMIT ?"),
      setState: db.prepare("UPDATE urls SET state = ? WHERE id = ?"),
      get: db.prepare("SELECT state, key, url, host, depth FROM urls WHERE id = ?"),
      stateOfKey: db.prepare("SELECT id, state FROM urls WHERE key = ?"),
      finish: db.prepare("UPDATE urls SET state = @state, reason = @reason, attempts = @attempts, status = @status, error = @error WHERE id = @id"),
      result: db.prepare("INSERT OR REPLACE INTO results (id, data) VALUES (?, ?)"),
      fetched: db.prepare("INSERT INTO fetches (id, at, ms, bytes, status, attempts) VALUES (?, ?, ?, ?, ?, ?)"),
      release: db.prepare("UPDATE urls SET state = 'queued' WHERE id = ? AND state = 'leased'"),
      recover: db.prepare("UPDATE urls SET state = 'queued' WHERE state = 'leased'"),
      skipQueued: db.prepare("UPDATE urls SET state = 'skipped', reason = ? WHERE state = 'queued'"),
      counts: db.prepare("SELECT state, COUNT(*) AS n FROM urls GROUP BY state"),
      // Ordered ids first, then each row by id: sorting the joined rows dragged every
      // page's data through SQLite's sorter (a 2,000-chapter book: ~40% more CPU).
      resultIds: db.prepare("SELECT id FROM urls WHERE state = 'ok' ORDER BY ord IS NULL, ord, id").pluck(),
      result1: db.prepare("SELECT u.id, u.url, u.depth, u.ord, u.label, r.data FROM urls u JOIN results r ON r.id = u.id WHERE u.id = ?"),
      problems: db.prepare("SELECT url, state, reason, attempts, status, error, depth FROM urls WHERE state IN ('failed', 'skipped') ORDER BY id"),
      getMeta: db.prepare("SELECT v FROM meta WHERE k = ?"),
      setMeta: db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)"),
    };
    const insertRows = rowInserter(db);
    this.addMany = db.transaction((entries: readonly NewEntry[]) => insertRows(entries).added);
    this.completeTx = db.transaction((id: number, outcome: EntryOutcome, discovered: readonly NewEntry[]) => {
      const row = this.stmts.get.get(id) as { state: string; key: string; url: string; host: string; depth: number } | undefined;
      if (row?.state === "alias") return { added: 0, skipped: 0, duplicate: true, lost: true }; // a redirect took it over
      if (row?.state !== "leased") throw new CrawlError("internal", `complete(${id}): the entry is ${row?.state ?? "unknown"}, not leased`);
      let duplicate = false;
      let landed = false;
      if (outcome.state === "ok" && outcome.finalKey !== undefined && outcome.finalKey !== row.key) {
        const landing = this.stmts.stateOfKey.get(outcome.finalKey) as { id: number; state: string } | undefined;
        if (landing === undefined) {
          this.stmts.insert.run({ key: outcome.finalKey, url: row.url, host: row.host, depth: row.depth, ord: null, label: null, state: "alias", reason: null });
          landed = true;
        } else if (landing.state === "queued" || landing.state === "leased") {
          this.stmts.setState.run("alias", landing.id); // this redirect fetched it: no second fetch
          landed = true;
        } else {
          duplicate = landing.state === "ok" || landing.state === "alias";
        }
      }
      if (outcome.state !== "skipped" && outcome.fetch !== undefined) {
        const f = outcome.fetch;
        this.stmts.fetched.run(id, Math.round(f.at), f.ms, f.bytes, outcome.status, outcome.attempts);
      }
      if (duplicate) {
        this.stmts.finish.run({ id, state: "skipped", reason: "duplicate", attempts: 0, status: null, error: null });
      } else if (outcome.state === "ok") {
        this.stmts.finish.run({ id, state: "ok", reason: null, attempts: outcome.attempts, status: outcome.status, error: null });
        if (outcome.data !== null) this.stmts.result.run(id, outcome.data);
      } else if (outcome.state === "failed") {
        this.stmts.finish.run({ id, state: "failed", reason: outcome.reason, attempts: outcome.attempts, status: outcome.status, error: outcome.error });
      } else {
        this.stmts.finish.run({ id, state: "skipped", reason: outcome.reason, attempts: 0, status: null, error: null });
      }
      const { added, skipped } = duplicate ? { added: 0, skipped: 0 } : insertRows(discovered);
      return { added, skipped, duplicate, ...(landed ? { landed } : {}) };
    });
    // Nested in this transaction, each completeTx runs in a savepoint.
    this.commitGroup = db.transaction((batch: readonly PendingCompletion[]) => {
      for (const p of batch) {
        try {
          p.result = this.completeTx(p.id, p.outcome, p.discovered);
        } catch (e) {
          p.error = e;
        }
      }
    });
  }

  /** Commit the pending completions in one transaction, then settle each one. */
  private readonly flush = (): void => {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      this.commitGroup(batch);
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    for (const p of batch) {
      if (p.result !== undefined) p.resolve(p.result);
      else p.reject(p.error);
    }
  };

  /** Open or create the state file at `path`; `lock` (see StateLock) is released by {@link close}. */
  static open(path: string, lock: { release(): void } | null = null): SqliteFrontier {
    return new SqliteFrontier(path, lock);
  }

  async add(entries: readonly NewEntry[]): Promise<number> {
    return this.addMany(entries);
  }

  async lease(limit: number, skipHosts: ReadonlySet<string> = new Set()): Promise<FrontierEntry[]> {
    return this.db.transaction(() => {
      const rows = this.leaseRows(limit, skipHosts);
      for (const r of rows) this.stmts.setState.run("leased", r.id);
      return rows.map((r) => ({ ...r }));
    })();
  }

  /**
   * The first `limit` queued rows (by id) outside `skipHosts`. Why two paths: the engine
   * skips hosts whose queues are full, and on a one-host site that is every queued row —
   * a plain `host NOT IN (…)` scan then read all of them (20,000 on a docs site) to
   * return none, on every refill. So the id-ordered scan looks at a bounded window; if
   * skipped hosts fill it, the queued hosts are walked on the (state, host, id) index
   * instead (one seek per host) and each non-skipped host gives its first rows.
   */
  private leaseRows(limit: number, skipHosts: ReadonlySet<string>): Row[] {
    const skip = JSON.stringify([...skipHosts]);
    const rows = this.stmts.lease.all(limit + LEASE_WINDOW, skip, limit) as Row[];
    if (rows.length === limit || skipHosts.size === 0) return rows;
    const found: Row[] = [];
    for (let host = this.stmts.nextQueuedHost.get("") as string | undefined; host !== undefined; host = this.stmts.nextQueuedHost.get(host) as string | undefined) {
      if (!skipHosts.has(host)) found.push(...(this.stmts.leaseOfHost.all(host, limit) as Row[]));
    }
    return found.sort((a, b) => a.id - b.id).slice(0, limit);
  }

  complete(id: number, outcome: EntryOutcome, discovered: readonly NewEntry[]): Promise<CompleteResult> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ id, outcome, discovered, resolve, reject }) === 1) queueMicrotask(this.flush);
    });
  }

  async release(ids: readonly number[]): Promise<void> {
    this.db.transaction(() => ids.forEach((id) => this.stmts.release.run(id)))();
  }

  async recover(): Promise<number> {
    return this.stmts.recover.run().changes;
  }

  async skipQueued(reason: SkipReason): Promise<number> {
    return this.stmts.skipQueued.run(reason).changes;
  }

  async counts(): Promise<FrontierCounts> {
    const c: FrontierCounts = { queued: 0, leased: 0, ok: 0, failed: 0, skipped: 0 };
    for (const { state, n } of this.stmts.counts.all() as { state: string; n: number }[]) {
      if (state in c) c[state as keyof FrontierCounts] = n;
    }
    return c;
  }

  results(): AsyncIterable<StoredResult> {
    return this.rowsFrom(this.stmts.resultIds.all() as number[], 0);
  }

  resultsAfter(had: readonly number[]): AsyncIterable<StoredResult> | null {
    const ids = this.stmts.resultIds.all() as number[];
    for (let i = 0; i < had.length; i++) if (ids[i] !== had[i]) return null;
    return this.rowsFrom(ids, had.length);
  }

  private async *rowsFrom(ids: readonly number[], start: number): AsyncIterable<StoredResult> {
    // The ids are held (8 bytes a page), the rows stream: the data is read one page at a time.
    for (let i = start; i < ids.length; i++) {
      const r = this.stmts.result1.get(ids[i]) as StoredResult | undefined;
      if (r !== undefined) yield r;
    }
  }

  async *problems(): AsyncIterable<ProblemRecord> {
    for (const r of this.stmts.problems.iterate() as Iterable<ProblemRecord & { state: "failed" | "skipped" }>) {
      yield { url: r.url, outcome: r.state, reason: r.reason, attempts: r.attempts, status: r.status, error: r.error, depth: r.depth };
    }
  }

  async getMeta(key: string): Promise<string | null> {
    const row = this.stmts.getMeta.get(key) as { v: string } | undefined;
    return row?.v ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.stmts.setMeta.run(key, value);
  }

  async close(): Promise<void> {
    try {
      this.flush();
      if (this.db.open) this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
