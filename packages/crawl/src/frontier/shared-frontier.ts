/**
 * A Frontier that several worker processes share (the Redis one): besides the
 * {@link Frontier} methods it holds the per-host politeness that must be global — request
 * slots and ready-at times — so `--per-host` and `--delay` hold across all workers
 * together — and the robots.txt answers, fetched once per crawl and origin. The engine checks {@link isSharedFrontier} and, when true, takes a slot
 * before every fetch; a local frontier (SQLite, memory) has no such methods and the
 * engine's own per-host scheduler is the whole story.
 * @module
 */
import type { RobotsStore } from "../robots/shared-robots.js";
import type { Frontier } from "./frontier.js";
import type { EngineActivity } from "./worker-activity.js";

/** A grant of {@link SharedFrontier.acquireHostSlot}. */
export type HostSlotGrant = { granted: true; token: string } | { granted: false; waitMs: number };

/** A {@link Frontier} shared by many workers; it also shares robots.txt answers ({@link RobotsStore}). */
export interface SharedFrontier extends Frontier, RobotsStore {
  readonly shared: true;
  /** Take one of `limit` slots of `host`, no sooner than `delayMs` after the previous start; else how long to wait. */
  acquireHostSlot(host: string, limit: number, delayMs: number): Promise<HostSlotGrant>;
  /** Give a slot back. */
  releaseHostSlot(host: string, token: string): Promise<void>;
  /** No slot of `host` for `ms`, for every worker (Retry-After, 429/503 backoff). */
  pauseHost(host: string, ms: number): Promise<void>;
  /**
   * `--max-pages` for the whole crawl, not per worker: resolves `true` when entry `id` may
   * start (it took one unit of `max`, or already had one), `false` once `max` pages started.
   */
  claimPage(id: number, max: number): Promise<boolean>;
  /** Publish what this worker is doing for the others to see; `read` is asked at most once a second. */
  watchActivity?(read: () => EngineActivity): void;
}

/** Is `f` shared by several workers (politeness must then go through it)? */
export function isSharedFrontier(f: Frontier): f is SharedFrontier {
  return (f as Partial<SharedFrontier>).shared === true;
}
