/**
 * A Frontier in memory, for unit tests and throwaway crawls. Same contract as the SQLite
 * one (`frontier.contract.ts`), no durability.
 * @module
 */
import { CrawlError, type SkipReason } from "../errors.js";
import type { CompleteResult, EntryOutcome, Frontier, FrontierCounts, FrontierEntry, NewEntry, ProblemRecord, StoredResult } from "./frontier.js";

interface Row extends FrontierEntry {
  state: "queued" | "leased" | "ok" | "failed" | "skipped" | "alias";
  outcome: EntryOutcome | null;
}

/** An in-memory {@link Frontier}. */
export class MemoryFrontier implements Frontier {
  private readonly rows: Row[] = [];
  private readonly byKey = new Map<string, Row>();
  private readonly meta = new Map<string, string>();

  async add(entries: readonly NewEntry[]): Promise<number> {
    return this.addSync(entries);
  }

  private addSync(entries: readonly NewEntry[]): number {
    let added = 0;
    for (const e of entries) {
      if (this.byKey.has(e.key)) continue;
      const row: Row = {
        id: this.rows.length + 1,
        url: e.url,
        key: e.key,
        host: e.host,
        depth: e.depth,
        ord: e.ord ?? null,
        label: e.label ?? null,
        state: e.skip ? "skipped" : "queued",
        outcome: e.skip ? { state: "skipped", reason: e.skip } : null,
      };
      this.rows.push(row);
      this.byKey.set(e.key, row);
      added++;
    }
    return added;
  }

  async lease(limit: number, skipHosts: ReadonlySet<string> = new Set()): Promise<FrontierEntry[]> {
    const out: FrontierEntry[] = [];
    for (const r of this.rows) {
      if (out.length >= limit) break;
      if (r.state !== "queued" || skipHosts.has(r.host)) continue;
      r.state = "leased";
      out.push(entryOf(r));
    }
    return out;
  }

  async complete(id: number, outcome: EntryOutcome, discovered: readonly NewEntry[]): Promise<CompleteResult> {
    const row = this.rows[id - 1];
    if (row?.state === "alias") return { added: 0, skipped: 0, duplicate: true, lost: true }; // a redirect took it over
    if (row === undefined || row.state !== "leased") throw new CrawlError("internal", `complete(${id}): the entry is not leased`);
    let duplicate = false;
    let landed = false;
    if (outcome.state === "ok" && outcome.finalKey !== undefined && outcome.finalKey !== row.key) {
      const other = this.byKey.get(outcome.finalKey);
      if (other === undefined) {
        const alias: Row = { ...entryOf(row), id: this.rows.length + 1, key: outcome.finalKey, state: "alias", outcome: null };
        this.rows.push(alias);
        this.byKey.set(alias.key, alias);
        landed = true;
      } else if (other.state === "queued" || other.state === "leased") {
        other.state = "alias"; // this redirect fetched it: no second fetch
        landed = true;
      } else {
        duplicate = other.state === "ok" || other.state === "alias";
      }
    }
    const stored: EntryOutcome = duplicate ? { state: "skipped", reason: "duplicate" } : outcome;
    row.state = stored.state;
    row.outcome = stored;
    if (duplicate) return { added: 0, skipped: 0, duplicate };
    const before = this.rows.length;
    const added = this.addSync(discovered);
    const skipped = this.rows.slice(before).filter((r) => r.state === "skipped").length;
    return { added, skipped, duplicate, ...(landed ? { landed } : {}) };
  }

  async release(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      const r = this.rows[id - 1];
      if (r?.state === "leased") r.state = "queued";
    }
  }

  async recover(): Promise<number> {
    let n = 0;
    for (const r of this.rows) if (r.state === "leased") (r.state = "queued"), n++;
    return n;
  }

  async skipQueued(reason: SkipReason): Promise<number> {
    let n = 0;
    for (const r of this.rows) {
      if (r.state !== "queued") continue;
      r.state = "skipped";
      r.outcome = { state: "skipped", reason };
      n++;
    }
    return n;
  }

  async counts(): Promise<FrontierCounts> {
    const c: FrontierCounts = { queued: 0, leased: 0, ok: 0, failed: 0, skipped: 0 };
    for (const r of this.rows) if (r.state !== "alias") c[r.state]++;
    return c;
  }

  async *results(): AsyncIterable<StoredResult> {
    const ok = this.rows.filter((r) => r.state === "ok" && r.outcome?.state === "ok" && r.outcome.data !== null);
    ok.sort((a, b) => (a.ord ?? Infinity) - (b.ord ?? Infinity) || a.id - b.id);
    for (const r of ok) {
      const data = (r.outcome as { data: string }).data;
      yield { id: r.id, url: r.url, depth: r.depth, ord: r.ord, label: r.label, data };
    }
  }

  async *problems(): AsyncIterable<ProblemRecord> {
    for (const r of this.rows) {
      const o = r.outcome;
      if (o?.state === "failed") {
        yield { url: r.url, outcome: "failed", reason: o.reason, attempts: o.attempts, status: o.status, error: o.error, depth: r.depth };
      } else if (o?.state === "skipped") {
        yield { url: r.url, outcome: "skipped", reason: o.reason, attempts: 0, status: null, error: null, depth: r.depth };
      }
    }
  }

  async getMeta(key: string): Promise<string | null> {
    return this.meta.get(key) ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.meta.set(key, value);
  }

  async close(): Promise<void> {}
}

function entryOf(r: FrontierEntry): FrontierEntry {
  return { id: r.id, url: r.url, key: r.key, host: r.host, depth: r.depth, ord: r.ord, label: r.label };
}
