/**
 * The Frontier: the crawl's durable memory — URLs to fetch, the seen set (canonical
 * keys), leases on URLs being fetched, the results and the errors. The engine meets it
 * only through this interface, so a SQLite file (`sqlite-frontier.ts`), a memory map
 * (`memory-frontier.ts`, tests) or a Redis server (later) can back it. Every backend
 * runs `frontier.contract.ts`.
 *
 * Methods return promises so a networked backend fits; the local ones resolve at once.
 *
 * Life of a URL: `add` → queued → `lease` → leased → `complete` → ok | failed | skipped
 * (or `release` → queued). A kill leaves leased rows; `recover` re-queues them, which is
 * how a crawl resumed after kill -9 refetches at most the pages that were in flight.
 * @module
 */
import type { FailReason, SkipReason } from "../errors.js";

/** A URL to remember. */
export interface NewEntry {
  /** The URL to fetch (original form). */
  url: string;
  /** Canonical key (`url/canonicalize.ts`): the seen-set identity. */
  key: string;
  host: string;
  depth: number;
  /** Book mode: the chapter's place in the index (0-based). */
  ord?: number;
  /** Book mode: the link text (chapter title). */
  label?: string;
  /** Remember the URL as skipped for this reason instead of queueing it. */
  skip?: SkipReason;
}

/** A leased URL. */
export interface FrontierEntry {
  id: number;
  url: string;
  key: string;
  host: string;
  depth: number;
  ord: number | null;
  label: string | null;
}

/** How a leased URL ended. */
/** The last attempt's response, as the report rebuilds a crawl from its state: `fetches` rows. */
export interface FetchRecord {
  /** Wall-clock ms since epoch when the response ended. */
  at: number;
  /** Response time of the last attempt, ms. */
  ms: number;
  /** Body bytes of every attempt. */
  bytes: number;
}

export type EntryOutcome =
  | {
      state: "ok";
      /** The response, when the store keeps per-fetch data (the report). */
      fetch?: FetchRecord;
      /** Opaque result (JSON text) for the output writers; `null` stores no result. */
      data: string | null;
      /**
       * Canonical key of the final URL when it differs (redirects): marked seen, so a later
       * link to it is not fetched again. When that key's page is already recorded (ok, or
       * the landing of another redirect), this page is a duplicate: it is stored as
       * skipped with reason `duplicate` and its links are not added. When the key is only
       * queued or leased, local backends take its entry over (this page is its fetch; see
       * {@link CompleteResult.landed}); a shared one calls the page a duplicate.
       */
      finalKey?: string;
      attempts: number;
      status: number;
    }
  | { state: "failed"; reason: FailReason; attempts: number; status: number | null; error: string | null; fetch?: FetchRecord }
  | { state: "skipped"; reason: SkipReason };

/** What {@link Frontier.complete} did. */
export interface CompleteResult {
  /** Discovered entries whose key was new (queued or recorded as skipped). */
  added: number;
  /** How many of `added` were recorded as skipped (their `skip` reason); the rest were queued. */
  skipped: number;
  /**
   * True when the page's `finalKey` was already recorded: the page duplicates another one,
   * it was stored as skipped (`duplicate`) and its discovered links were not added.
   */
  duplicate: boolean;
  /**
   * True when the page's `finalKey` is now its own: the key was new, or (local backends)
   * the queued or leased entry of that key was taken over — it will not be leased again,
   * and completing it stores nothing (`lost`). Absent means false.
   */
  landed?: boolean;
  /**
   * Nothing of this call was stored: another worker completed the entry first (shared
   * frontiers: its lease had expired), or a redirect took the entry over (`landed`).
   */
  lost?: boolean;
}

/** Counts by state. `done` = ok + failed (pages fetched to an end). */
export interface FrontierCounts {
  queued: number;
  leased: number;
  ok: number;
  failed: number;
  skipped: number;
}

/** A stored result, as the output writers read it. */
export interface StoredResult {
  id: number;
  url: string;
  depth: number;
  ord: number | null;
  label: string | null;
  data: string;
}

/** A failed or skipped URL, as `errors.jsonl` shows it. */
export interface ProblemRecord {
  url: string;
  outcome: "failed" | "skipped";
  reason: string;
  attempts: number;
  status: number | null;
  error: string | null;
  depth: number;
}

/** The interface every backend implements. */
export interface Frontier {
  /**
   * Remember entries whose key is not yet seen: queued, or skipped when `skip` is set.
   * Entries whose key was seen (in any state) are ignored. Resolves to how many were new.
   */
  add(entries: readonly NewEntry[]): Promise<number>;
  /**
   * Lease up to `limit` queued entries, oldest first, none on a host in `skipHosts`.
   * Leased entries are not returned again until released or recovered. Resolves to `[]`
   * when nothing (eligible) is queued.
   */
  lease(limit: number, skipHosts?: ReadonlySet<string>): Promise<FrontierEntry[]>;
  /**
   * End a lease: store the outcome and add `discovered` (ignored when the page is a
   * duplicate), all in one transaction — a crash keeps all of it or none. Rejects if `id`
   * is not leased; resolves with `lost` if a redirect took it over.
   */
  complete(id: number, outcome: EntryOutcome, discovered: readonly NewEntry[]): Promise<CompleteResult>;
  /** Put leased entries back in the queue (graceful stop). Unknown or unleased ids are ignored. */
  release(ids: readonly number[]): Promise<void>;
  /** Re-queue every leased entry (after a crash). Resolves to how many. */
  recover(): Promise<number>;
  /** Mark every queued entry skipped with `reason` (e.g. `max-pages`). Resolves to how many. */
  skipQueued(reason: SkipReason): Promise<number>;
  counts(): Promise<FrontierCounts>;
  /** Results with data, by `ord` then insertion order. */
  results(): AsyncIterable<StoredResult>;
  /**
   * {@link Frontier.results} without its first rows, which the caller holds already (a book
   * written while the crawl ran): `null` unless `had` are exactly the ids of the first
   * rows, in order. Optional: without it the results are read whole.
   */
  resultsAfter?(had: readonly number[]): AsyncIterable<StoredResult> | null;
  /** Failed and skipped URLs, in insertion order. */
  problems(): AsyncIterable<ProblemRecord>;
  /** Small persistent settings (the crawl's identity, a "finished" flag); `null` when unset. */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
