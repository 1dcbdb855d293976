/**
 * The crawl engine: joins frontier, scheduler, robots, fetcher, decoding, extraction and
 * outputs, on corio's own tasks, TaskGroup, Semaphore, Event and timeout scopes.
 *
 * Data flow, one URL:
 *  1. The frontier (SQLite; or Redis, shared with other workers) holds every known URL;
 *     the dispatcher leases a small batch when the in-memory queues run low (memory is
 *     bounded by that batch plus in-flight). A shared frontier also holds the per-host
 *     slots every fetch takes, and a worker with nothing left waits for the others.
 *  2. Each leased URL joins its host's queue in the {@link HostScheduler}. The first URL
 *     of an origin starts its robots.txt fetch; the host stays blocked until it is known.
 *  3. The dispatcher waits until some host is ready (delay, Crawl-delay, Retry-After
 *     pause, per-host cap), then takes a global permit (`--concurrency` Semaphore), takes
 *     the item and starts a fetch worker task in the crawl's TaskGroup.
 *  4. The worker checks robots (disallowed → skipped; unavailable → failed) and fetches,
 *     re-checking every redirect hop against guards, scope and robots. A permit is one
 *     request in flight: once the body is read, the response goes to a processor task
 *     (bounded by the {@link ProcessingGate}) and the worker starts the next ready item
 *     in the same step — the next request is on its way before any page's CPU work.
 *  5. A transient failure (network, timeout, 408/425/429/5xx) goes back to its host's
 *     queue with a backoff-with-jitter not-before time — waiting holds no permit; 429/503
 *     also pause the whole host (Retry-After, capped, or exponential backoff).
 *  6. A 2xx body is charset-sniffed and decoded (U+FFFD counted), parsed once, handed to
 *     the page handler, then to the mode, which returns the stored result and new links
 *     (`process/page-job.ts`). A large page without a handler does this on a worker
 *     thread (`process/page-pool.ts`): its bytes move there, the record and links return.
 *  7. `frontier.complete` commits outcome, result and discovered links in one
 *     transaction; the lease ends. A kill before this point only re-queues the URL: what
 *     a kill can cost is the requests in flight plus the pages in the processing gate.
 *  8. When no URL is queued, leased or in flight, outputs are written atomically from the
 *     state (the book in index order) together with `errors.jsonl`, and the summary is
 *     returned. A stop request (Ctrl-C, `signal`) stops dispatching, gives in-flight
 *     requests and pages being processed 5 s, cancels the rest, releases their leases
 *     and writes the same outputs.
 * @module
 */
import { rmSync } from "node:fs";
import {
  call,
  ExceptionGroup,
  getRunningLoop,
  isCancelled,
  Semaphore,
  TimeoutError,
  withTaskGroup,
  withTimeout,
  type Coro,
  type Task,
  type TaskGroup,
} from "corio";
import { CrawlStateLost, UsageError, type FailReason, type SkipReason } from "./errors.js";
import { resolveOptions, type CrawlOptions, type CrawlOptionsInput } from "./options.js";
import { Fetcher, type FetchedResponse, type FetchOutcome } from "./fetch/fetcher.js";
import { classifyStatus, parseRetryAfter } from "./fetch/failure.js";
import { buildPage, isHtmlType } from "./process/page-job.js";
import { PagePool } from "./process/page-pool.js";
import { RecentLinks } from "./extract/recent-links.js";
import { createCanonicalizer } from "./url/canonicalize.js";
import { checkHostAddresses, checkUrlGuards } from "./url/guards.js";
import { fetchRobots, fetchRobotsRecord, type RobotsAnswer } from "./robots/robots.js";
import { sharedRobots } from "./robots/shared-robots.js";
import { RobotsCache } from "./robots/robots-cache.js";
import { backoffDelay } from "./schedule/backoff.js";
import { HostScheduler } from "./schedule/host-scheduler.js";
import { PendingWrites, ProcessingGate, processingLimit } from "./schedule/processing-gate.js";
import { RequestAbort } from "./fetch/request-abort.js";
import type { HostSlot } from "./schedule/host-slot.js";
import { SharedHostSlot } from "./schedule/shared-host-slot.js";
import type { EntryOutcome, FetchRecord, Frontier, FrontierEntry, NewEntry } from "./frontier/frontier.js";
import { openState, prepareOutput } from "./preflight/open-state.js";
import { isComplete, partialPath, type IncompleteOutput } from "./output/partial.js";
import { activityOf } from "./frontier/worker-activity.js";
import { isSharedFrontier, type SharedFrontier } from "./frontier/shared-frontier.js";
import { bookMode } from "./modes/book.js";
import { siteMode } from "./modes/site.js";
import type { Mode } from "./modes/mode.js";
import { CrawlStats } from "./report/stats.js";
import { buildSummary, type CrawlSummary } from "./report/summary.js";
import { countReason, type ReasonCounts } from "./report/reasons.js";
import { createProgress, type Progress } from "./report/progress.js";
import { writeChunksAtomic } from "./output/atomic-file.js";
import { toJsonLine } from "./output/jsonl.js";
import type { CrawlObserver, EngineView } from "./dashboard/crawl-observer.js";

/** How long in-flight requests may finish after a stop request before they are cancelled. */
export const STOP_GRACE_MS = 5_000;

/** A leased URL on its way through the engine. */
interface Item {
  entry: FrontierEntry;
  /** Attempts made so far. */
  attempts: number;
  /** Canonical key where its 2xx response landed after redirects, until its commit. */
  landing?: string;
  /** Its last response (bytes of every attempt), stored with its outcome for the report. */
  fetched?: FetchRecord;
}

/** How long a URL waits for the commit of a redirect that landed on it, before it looks again. */
const LANDING_WAIT_MS = 20;

/** Hooks for tests and the CLI. */
export interface CrawlHooks {
  /** Use this frontier instead of opening `options.state`. */
  frontier?: Frontier;
  /** Called once the engine can be stopped; `stop()` is what Ctrl-C calls. */
  onStart?: (control: CrawlControl) => void;
  /** Told of every response and stored outcome (the live dashboard). */
  observer?: CrawlObserver;
  /** Where a note that is not an error goes (e.g. a stale state lock taken over). Default: stderr. */
  onNote?: (text: string) => void;
}

/** Controls of a running crawl. */
export interface CrawlControl {
  /** Stop gracefully: what Ctrl-C does. */
  stop: () => void;
  /** Start no new request until {@link resume} (requests in flight finish). */
  pause: () => void;
  resume: () => void;
}

/**
 * Crawl as a corio coroutine; resolves to the summary. Throws {@link UsageError} for bad
 * options (before any request). Stop it gracefully with `options.signal`.
 *
 * @example
 * ```ts
 * import { run } from "corio";
 * import { crawl } from "@corio/crawl";
 * const summary = await run(crawl({ mode: "book", startUrls: ["http://x.com/book/"], output: "out/book.md" }));
 * ```
 * @example
 * ```ts
 * yield* crawl({
 *   mode: "site", startUrls: ["https://example.com/"], output: "pages.jsonl",
 *   *onPage(page) { page.data.h1 = page.doc?.selectOne("h1") ? "yes" : "no"; },
 * });
 * ```
 */
export function* crawl(input: CrawlOptionsInput | CrawlOptions, hooks: CrawlHooks = {}): Coro<CrawlSummary> {
  const options = "errorsFile" in input ? input : resolveOptions(input);
  yield* checkStartUrls(options);
  const frontier = hooks.frontier ?? (options.frontier !== null ? yield* call(openShared(options)) : openState(options, hooks.onNote ?? note));
  try {
    return yield* new Engine(options, frontier).run(hooks);
  } finally {
    if (hooks.frontier === undefined) yield* call(frontier.close());
  }
}

function* checkStartUrls(options: CrawlOptions): Coro<void> {
  if (options.allowPrivate) return;
  for (const start of options.startUrls) {
    const host = new URL(start).hostname;
    let check;
    try {
      check = yield* call(checkHostAddresses(host));
    } catch {
      continue; // a DNS failure is the fetch's to report
    }
    if (!check.ok) {
      throw new UsageError(`${start} resolves to the private address ${check.address}; pass --allow-private to crawl private, loopback or link-local hosts`, {
        option: "--allow-private",
      });
    }
  }
}

/** `--frontier redis://…`: the crawl's state is shared with other workers through Redis (ioredis loads only then). */
async function openShared(options: CrawlOptions): Promise<Frontier> {
  const shared = options.frontier!;
  prepareOutput(options);
  const { RedisFrontier } = await import("./frontier/redis-frontier.js");
  return RedisFrontier.connect(shared.url, {
    crawlId: shared.crawlId,
    dedup: shared.dedup,
    leaseMs: shared.leaseMs,
    fresh: options.fresh,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** A note for the user that is not an error (e.g. a stale lock taken over). */
function note(text: string): void {
  process.stderr.write(`corio crawl: note: ${text}\n`);
}

class Engine {
  private readonly loop = getRunningLoop();
  private readonly stats = new CrawlStats();
  private readonly scheduler: HostScheduler<Item>;
  private readonly slots: Semaphore;
  /** Pages past their fetch, being processed (bounded: see ProcessingGate). */
  private readonly processing: ProcessingGate;
  /** Orders pages' CPU work after the writes of the requests issued before it. */
  private readonly writes = new PendingWrites();
  private readonly fetcher: Fetcher;
  /** Links committed lately: site pages skip them (bounded; see extract/recent-links.ts). Site mode only. */
  private readonly recentLinks: RecentLinks | null;
  /** Worker threads for large pages (started on the first one). */
  private readonly pages: PagePool;
  /** Where notes go: the caller's `onNote`, else stderr (set by run). */
  private onNote: (text: string) => void = note;
  private readonly robots: RobotsCache | null;
  private readonly mode: Mode;
  private readonly canonical: (url: string | URL) => string;
  /** Leased ids not yet completed (in a host queue or in flight): released on stop. */
  private readonly held = new Set<number>();
  private readonly workers = new Set<Task<void>>();
  /** `${host} ${origin}` pairs whose robots.txt blocks a host slot. */
  private readonly robotsBlocks = new Set<string>();
  /**
   * Redirects that landed on a URL we may hold too. A 2xx that came through redirects
   * notes its landing key in `landing` when the response arrives; a leased URL of that
   * key waits for the commit (it is not fetched meanwhile). The commit marks the key seen
   * and may take over the URL's entry (`CompleteResult.landed`): its key joins `landed`
   * and the URL is dropped — that redirect was its fetch. Otherwise (a duplicate, or a
   * shared frontier that does not take entries over) the URL is fetched as usual.
   */
  private readonly landing = new Map<string, number>();
  private readonly landed = new Set<string>();
  private inFlight = 0;
  private started = 0;
  private doneBefore = 0;
  private stopping = false;
  /** Paused from the dashboard: nothing new is dispatched. */
  private paused = false;
  private observer: CrawlObserver | undefined;
  private refillWanted = true;
  private progress: Progress = { update() {}, stop() {} };
  private lastCounts = -Infinity;
  /** The frontier when other workers share it: per-host politeness then goes through it too. */
  private readonly shared: SharedFrontier | null;
  /** The crawl-wide `--max-pages` budget is spent (shared frontier only). */
  private sharedBudgetSpent = false;

  constructor(
    private readonly options: CrawlOptions,
    private readonly frontier: Frontier,
  ) {
    this.shared = isSharedFrontier(frontier) ? frontier : null;
    this.scheduler = new HostScheduler<Item>({ perHost: options.perHost, delayMs: options.delayMs });
    this.slots = new Semaphore(options.concurrency);
    this.processing = new ProcessingGate(processingLimit(options.concurrency));
    this.pages = new PagePool(options);
    this.fetcher = new Fetcher({
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes,
      maxRedirects: options.maxRedirects,
      userAgent: options.userAgent,
      allowPrivate: options.allowPrivate,
      connections: options.perHost,
    });
    const canonicalize = createCanonicalizer({ stripParams: options.stripParams });
    this.canonical = (url) => canonicalize(url);
    this.recentLinks = options.mode === "site" ? new RecentLinks() : null;
    this.mode = this.recentLinks === null ? bookMode(options, this.canonical) : siteMode(options, this.canonical, this.recentLinks);
    this.robots = options.ignoreRobots
      ? null
      : new RobotsCache({
          fetch: (origin) => this.fetchRobots(origin),
          retries: options.retries,
          backoff: (n) => backoffDelay(n, { baseMs: Math.max(1000, options.backoffBaseMs), random: options.random }),
          now: () => this.loop.time(),
          onSettled: (origin) => this.robotsSettled(origin),
        });
  }

  *run(hooks: CrawlHooks): Coro<CrawlSummary> {
    const stop = () => {
      this.stopping = true;
      this.scheduler.changed.set();
    };
    const onAbort = () => stop();
    this.options.signal?.addEventListener("abort", onAbort);
    if (this.options.signal?.aborted) stop();
    const pause = () => void (this.paused = true);
    const resume = () => {
      this.paused = false;
      this.scheduler.changed.set();
    };
    hooks.onStart?.({ stop, pause, resume });
    this.observer = hooks.observer;
    this.onNote = hooks.onNote ?? note;
    try {
      yield* this.prepare();
      const view = this.view();
      this.observer?.attached(view);
      this.shared?.watchActivity?.(() => activityOf(view)); // what this worker does, for the others' dashboards
      this.progress = createProgress(this.options.progress, this.stats, this.options.progressIntervalMs);
      this.progress.update();
      try {
        yield* withTaskGroup((tg) => this.dispatch(tg));
      } catch (e) {
        // The shared state is gone: every task failed alike; one line says what to do.
        throw stateLostIn(e) ?? e;
      }
      const summary = yield* this.finish();
      this.observer?.finished(summary);
      return summary;
    } finally {
      this.options.signal?.removeEventListener("abort", onAbort);
      this.progress.stop();
      this.robots?.close();
      if (this.held.size > 0) yield* call(this.frontier.release([...this.held]));
      yield* call(this.fetcher.close());
      yield* this.pages.close();
      yield* call(this.mode.discard?.() ?? Promise.resolve()); // a crawl that failed leaves no book written ahead
    }
  }

  private *prepare(): Coro<void> {
    const identity = JSON.stringify({ mode: this.options.mode, startUrls: this.options.startUrls });
    const stored = yield* call(this.frontier.getMeta("identity"));
    if (stored !== null && stored !== identity) {
      throw new UsageError(
        `the state file ${this.options.state} belongs to another crawl (${stored}); pass --fresh to start over or --state to use another file`,
        { option: "--state" },
      );
    }
    if (stored === null) yield* call(this.frontier.setMeta("identity", identity));
    yield* call(this.frontier.recover());
    yield* call(this.frontier.add(this.mode.seeds()));
    const counts = yield* call(this.frontier.counts());
    this.doneBefore = counts.ok + counts.failed;
    this.mode.begin?.(counts);
    yield* this.refreshCounts(true);
  }

  private limitReached(): boolean {
    return this.sharedBudgetSpent || this.doneBefore + this.started >= this.options.maxPages;
  }

  /** With several workers, `--max-pages` is one budget in the shared frontier. */
  private *claimSharedBudget(id: number): Coro<boolean> {
    if (this.shared === null || this.options.maxPages === Number.POSITIVE_INFINITY) return true;
    const ok = yield* call(this.shared.claimPage(id, this.options.maxPages));
    if (!ok) this.sharedBudgetSpent = true;
    return ok;
  }

  // ---- 1–3: lease, queue, dispatch ------------------------------------------------

  private *dispatch(tg: TaskGroup): Coro<void> {
    for (;;) {
      if (this.stopping) return yield* this.drainOnStop();
      if (this.paused) {
        this.scheduler.changed.clear();
        yield* this.scheduler.changed.wait();
        continue;
      }
      yield* this.refill();
      const now = this.loop.time();
      const readyAt = this.scheduler.nextReadyAt();
      if (readyAt !== null && readyAt <= now) {
        yield* this.slots.acquire();
        const got = this.paused ? null : this.scheduler.take(this.loop.time());
        if (got === null) {
          this.slots.release();
          continue;
        }
        if (got.item.attempts === 0 && (this.limitReached() || !(yield* this.claimSharedBudget(got.item.entry.id)))) {
          // --max-pages: no new page starts; its lease goes back and is skipped at the end.
          got.slot.finished();
          this.slots.release();
          this.held.delete(got.item.entry.id);
          yield* call(this.frontier.release([got.item.entry.id]));
          continue;
        }
        if (got.item.attempts === 0) this.started++;
        this.refillWanted = true;
        this.inFlight++;
        this.spawn(tg, this.work(tg, got.slot, got.item), got.item.entry.url);
        continue;
      }
      if (readyAt === null && this.scheduler.size === 0 && this.inFlight === 0 && this.processing.active === 0 && (!this.refillWanted || this.limitReached())) {
        if (!(yield* this.othersStillWorking())) return;
        continue;
      }
      this.scheduler.changed.clear();
      yield* waitFor(this.scheduler, readyAt === null ? null : readyAt - now);
    }
  }

  private *refill(): Coro<void> {
    if (!this.refillWanted || this.limitReached() || this.scheduler.size >= this.options.concurrency * 2) return;
    const want = Math.max(16, this.options.concurrency * 4) - this.scheduler.size;
    const full = this.scheduler.fullHosts(Math.max(8, this.options.perHost * 4));
    const entries = yield* call(this.frontier.lease(want, full));
    if (entries.length < want) this.refillWanted = false;
    for (const entry of entries) this.enqueue({ entry, attempts: 0 });
    if (entries.length > 0) this.scheduler.prune(this.loop.time());
  }

  /**
   * A shared crawl is over only when no worker holds a lease: the others may still
   * discover links. The shared frontier's `lease` waits for that (or for new work).
   */
  private *othersStillWorking(): Coro<boolean> {
    if (this.shared === null || this.stopping || this.limitReached()) return false;
    const entries = yield* call(this.frontier.lease(Math.max(16, this.options.concurrency * 4)));
    for (const entry of entries) this.enqueue({ entry, attempts: 0 });
    if (entries.length > 0) this.refillWanted = true;
    return entries.length > 0;
  }

  private enqueue(item: Item, notBefore = 0): void {
    this.held.add(item.entry.id);
    const url = new URL(item.entry.url);
    const slot = this.scheduler.slot(url.host);
    if (this.robots !== null) {
      const block = `${url.host} ${url.origin}`;
      if (this.robots.pending(url.origin)) {
        if (!this.robotsBlocks.has(block)) {
          this.robotsBlocks.add(block);
          slot.blockers++;
        }
      } else this.applyCrawlDelay(slot, url.origin);
    }
    this.scheduler.push(url.host, item, notBefore);
  }

  private robotsSettled(origin: string): void {
    const host = new URL(origin).host;
    const block = `${host} ${origin}`;
    if (this.robotsBlocks.delete(block)) {
      const slot = this.scheduler.slot(host);
      slot.blockers--;
      this.applyCrawlDelay(slot, origin);
    }
    this.scheduler.changed.set();
  }

  private applyCrawlDelay(slot: HostSlot<Item>, origin: string): void {
    const crawlDelay = this.robots?.crawlDelayMs(origin);
    if (crawlDelay !== undefined) slot.delayMs = Math.max(this.options.delayMs, Math.min(crawlDelay, this.options.maxCrawlDelayMs));
  }

  private *drainOnStop(): Coro<void> {
    const queued = this.scheduler.drain();
    if (queued.length > 0) {
      yield* call(this.frontier.release(queued.map((i) => i.entry.id)));
      for (const i of queued) this.held.delete(i.entry.id);
    }
    try {
      const engine = this;
      yield* withTimeout(STOP_GRACE_MS, function* () {
        while (engine.inFlight > 0 || engine.processing.active > 0) {
          engine.scheduler.changed.clear();
          yield* engine.scheduler.changed.wait();
        }
      });
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      for (const t of this.workers) t.cancel("stopping: grace period over");
    }
  }

  // ---- 4–7: one attempt at one URL ------------------------------------------------

  /**
   * A fetch worker: holds one concurrency permit while it has something to fetch. Each
   * response goes to a processor task (bounded by the {@link ProcessingGate}) and the
   * worker goes straight on to the next ready item, so the next request leaves in the
   * same step the body arrived — before any page's decoding, parsing or commit. With
   * nothing it may start at once, it gives the permit back and the dispatcher decides.
   */
  private *work(tg: TaskGroup, slot: HostSlot<Item>, item: Item): Coro<void> {
    const abort = new RequestAbort(); // one signal for the worker's requests, not one per page
    try {
      for (;;) {
        yield* this.fetchOne(tg, slot, item, abort);
        const next = this.takeReadyNow();
        if (next === null) return;
        ({ slot, item } = next);
      }
    } finally {
      this.slots.release();
      this.inFlight--;
      this.scheduler.changed.set();
    }
  }

  /**
   * One attempt's robots check and fetch, under its host slot; a response is handed to a
   * processor once the gate has room (waiting for it keeps the slot: backpressure).
   */
  private *fetchOne(tg: TaskGroup, slot: HostSlot<Item>, item: Item, abort: RequestAbort): Coro<void> {
    let out: FetchOutcome | null;
    try {
      this.writes.requestIssued();
      out = yield* this.fetchStage(slot, item, abort);
      if (out !== null) yield* this.processing.enter();
    } catch (e) {
      if (isCancelled(e)) throw e;
      return yield* this.failWith(item, e);
    } finally {
      slot.finished();
    }
    if (out !== null) this.spawn(tg, this.process(item, out), item.entry.url);
  }

  /** Decode, parse, handle and commit one response — or retry or fail it — outside any slot. */
  private *process(item: Item, out: FetchOutcome): Coro<void> {
    try {
      yield* this.writes.after();
      yield* this.settle(item, out);
    } catch (e) {
      if (isCancelled(e)) throw e;
      yield* this.failWith(item, e);
    } finally {
      this.processing.leave();
      this.scheduler.changed.set();
    }
  }

  private *failWith(item: Item, e: unknown): Coro<void> {
    yield* this.complete(item, { state: "failed", reason: "error", attempts: item.attempts, status: null, error: String((e as Error)?.stack ?? e) }, []);
  }

  /**
   * The item a worker that just finished a fetch may start at once, keeping its permit:
   * what the dispatcher would start next. `null` whenever the dispatcher must decide
   * (stopping, `--max-pages` bookkeeping, a shared budget to claim, no host ready).
   */
  private takeReadyNow(): { slot: HostSlot<Item>; item: Item } | null {
    if (this.stopping || this.paused || this.limitReached()) return null;
    if (this.shared !== null && this.options.maxPages !== Number.POSITIVE_INFINITY) return null;
    const now = this.loop.time();
    const readyAt = this.scheduler.nextReadyAt();
    if (readyAt === null || readyAt > now) return null;
    const got = this.scheduler.take(now);
    if (got === null) return null;
    if (got.item.attempts === 0) this.started++;
    this.refillWanted = true;
    this.scheduler.changed.set(); // the dispatcher refills the host queues as they run low
    return got;
  }

  private spawn(tg: TaskGroup, coro: Coro<void>, name: string): void {
    const task = tg.createTask(coro, { name });
    this.workers.add(task);
    task.addDoneCallback(() => this.workers.delete(task));
  }

  /**
   * Robots check and fetch, under the slot. Returns `null` when the URL was settled
   * without a response worth processing (robots verdicts). What must reach the host's
   * politeness record (429/503 pause, backoff reset) is applied here, while the slot is
   * held: once it is given back, the scheduler may forget an idle host.
   */
  private *fetchStage(slot: HostSlot<Item>, item: Item, abort: RequestAbort): Coro<FetchOutcome | null> {
    const { entry } = item;
    if (this.landed.has(entry.key) || this.landing.has(entry.key)) {
      this.awaitLanding(item);
      return null;
    }
    item.attempts++;
    const url = new URL(entry.url);
    if (this.robots !== null) {
      yield* this.robots.load(url.origin);
      const verdict = this.robots.verdict(url);
      if (verdict === "robots-disallowed") {
        yield* this.complete(item, { state: "skipped", reason: verdict }, []);
        return null;
      }
      if (verdict === "robots-unavailable") {
        yield* this.complete(item, { state: "failed", reason: verdict, attempts: item.attempts, status: null, error: null }, []);
        return null;
      }
    }
    let sentAt = this.loop.time();
    const out = yield* this.withGlobalSlot(url.host, slot.delayMs, (hold) => {
      sentAt = this.loop.time(); // a response time, not the wait for a shared slot (another worker's pause)
      return this.fetcher.fetch(entry.url, (hop) => this.hopCheck(hop, hold), abort);
    });
    if (out.kind !== "skipped") {
      const ms = this.loop.time() - sentAt;
      const bytes = out.kind === "response" ? out.body.length : 0;
      item.fetched = { at: Date.now(), ms, bytes: (item.fetched?.bytes ?? 0) + bytes };
      this.observer?.fetched(entry.url, out.kind === "response" ? out.status : null, bytes, ms);
    }
    if (out.kind === "response") {
      if (out.status === 429 || out.status === 503) this.slowHost(slot, out);
      else if (classifyStatus(out.status).kind === "ok") {
        slot.backoffLevel = 0;
        this.noteLanding(item, out.finalUrl);
      }
    }
    return out;
  }

  /** A 2xx that came through redirects: URLs of its landing key wait for its commit (see {@link landing}). */
  private noteLanding(item: Item, finalUrl: string): void {
    if (finalUrl === item.entry.url) return;
    let key: string;
    try {
      key = this.canonical(finalUrl);
    } catch {
      return; // not a URL we could have queued
    }
    if (key === item.entry.key) return;
    item.landing = key;
    this.landing.set(key, (this.landing.get(key) ?? 0) + 1);
  }

  /** The redirect that landed on it committed: account for it, and wake the URLs waiting on it. */
  private landingCommitted(item: Item, takenOver: boolean): void {
    const key = item.landing;
    if (key === undefined) return;
    item.landing = undefined;
    const n = (this.landing.get(key) ?? 1) - 1;
    if (n > 0) this.landing.set(key, n);
    else this.landing.delete(key);
    if (takenOver) this.landed.add(key);
    this.scheduler.changed.set();
  }

  /**
   * A URL a redirect landed on: dropped when that redirect took its entry over (the
   * frontier made it an alias), else back in its host queue until the redirect commits.
   * Neither spends `--max-pages`.
   */
  private awaitLanding(item: Item): void {
    if (item.attempts === 0) this.started--;
    if (this.landed.has(item.entry.key)) {
      this.held.delete(item.entry.id);
      return;
    }
    this.scheduler.push(new URL(item.entry.url).host, item, this.loop.time() + LANDING_WAIT_MS);
  }

  /** What the fetch outcome means: a skip, a retry, a failure, or a page to process. */
  private *settle(item: Item, out: FetchOutcome): Coro<void> {
    if (out.kind === "skipped") return yield* this.complete(item, { state: "skipped", reason: out.reason }, []);
    if (out.kind === "failed") {
      if (out.transient && item.attempts <= this.options.retries) return this.retry(item);
      const error = out.error === undefined ? null : String((out.error as Error)?.message ?? out.error);
      return yield* this.complete(item, { state: "failed", reason: out.reason, attempts: item.attempts, status: null, error }, []);
    }
    this.stats.bytes += out.body.length;
    const verdict = classifyStatus(out.status);
    if (verdict.kind === "transient") {
      if (item.attempts <= this.options.retries) return this.retry(item);
      return yield* this.complete(item, { state: "failed", reason: verdict.reason, attempts: item.attempts, status: out.status, error: null }, []);
    }
    if (verdict.kind === "final") {
      return yield* this.complete(item, { state: "failed", reason: verdict.reason, attempts: item.attempts, status: out.status, error: null }, []);
    }
    yield* this.page(item, out);
  }

  /**
   * Shared crawl: `--per-host` and the delay hold across every worker, so each request
   * also holds a slot of its host in the shared frontier (waiting as it says): `body`
   * gets the {@link SharedHostSlot}, which redirect hops move to their host. A local
   * crawl runs `body` at once, with `null`.
   */
  private *withGlobalSlot<T>(host: string, delayMs: number, body: (hold: SharedHostSlot | null) => Coro<T>): Coro<T> {
    if (this.shared === null) return yield* body(null);
    const hold = new SharedHostSlot(this.shared, this.options.perHost);
    try {
      yield* hold.take(host, delayMs);
      return yield* body(hold);
    } finally {
      hold.release();
    }
  }

  private *hopCheck(url: URL, hold: SharedHostSlot | null = null): Coro<SkipReason | FailReason | null> {
    // Scope first: an off-site URL is out-of-scope whatever else is wrong with it.
    const rule = this.mode.hopRule(url) ?? checkUrlGuards(url, 0, {});
    if (rule !== null) return rule;
    if (this.robots !== null) {
      // Fetching that origin's robots.txt takes a slot of its host: not while holding one.
      if (hold !== null && this.robots.pending(url.origin)) hold.release();
      yield* this.robots.load(url.origin);
      const verdict = this.robots.verdict(url);
      if (verdict !== "allowed") return verdict;
    }
    if (hold !== null) yield* hold.take(url.host, this.delayOf(url.origin));
    return null;
  }

  /** `--delay`, raised to the origin's robots Crawl-delay (capped) once known. */
  private delayOf(origin: string): number {
    const crawlDelay = this.robots?.crawlDelayMs(origin);
    return crawlDelay === undefined ? this.options.delayMs : Math.max(this.options.delayMs, Math.min(crawlDelay, this.options.maxCrawlDelayMs));
  }

  /**
   * One robots.txt fetch for the cache. Shared crawl: once per crawl and origin for all
   * workers (stored in the shared frontier), and under the host's shared slot like any
   * request — its redirect hops too (robots.txt may live on another host).
   */
  private fetchRobots(origin: string): Coro<RobotsAnswer> {
    const shared = this.shared;
    if (shared === null) return fetchRobots(this.fetcher, origin, this.options.userAgent);
    const fetchOnce = () =>
      this.withGlobalSlot(new URL(origin).host, this.options.delayMs, (hold) =>
        fetchRobotsRecord(this.fetcher, origin, function* (hop) {
          yield* hold!.take(hop.host, 0);
          return null;
        }),
      );
    // The lock outlives one fetch with its redirects and a wait for the slot.
    const lockMs = this.options.timeoutMs * (this.options.maxRedirects + 2) + 30_000;
    return sharedRobots(shared, origin, fetchOnce, { userAgent: this.options.userAgent, lockMs });
  }

  /** 429/503: Retry-After (capped) pauses the whole host; without it, exponential backoff. */
  private slowHost(slot: HostSlot<Item>, res: FetchedResponse): void {
    const header = res.headers["retry-after"];
    const wait = parseRetryAfter(typeof header === "string" ? header : null, Date.now(), this.options.maxRetryAfterMs);
    const ms = wait ?? backoffDelay(slot.backoffLevel++, { baseMs: this.options.backoffBaseMs, random: () => 0.5 + this.options.random() / 2 });
    slot.pause(this.loop.time() + ms);
    if (this.shared !== null) void this.shared.pauseHost(slot.host, ms).catch(() => {});
  }

  /** Back into its host's queue, due after a backoff; the host's own pause (429/503) adds to it. */
  private retry(item: Item): void {
    this.stats.retries++;
    const delay = backoffDelay(item.attempts - 1, { baseMs: this.options.backoffBaseMs, random: this.options.random });
    this.scheduler.push(new URL(item.entry.url).host, item, this.loop.time() + delay);
  }

  private *page(item: Item, res: FetchedResponse): Coro<void> {
    // The page (decoded text, DOM) lives only inside handle(), so it is unreachable while
    // its commit waits for the group.
    const { outcome, discovered } = yield* this.handle(item, res);
    yield* this.complete(item, outcome, discovered);
  }

  /** Decode and parse a 2xx response, run the page handler and the mode: the outcome to commit. */
  private *handle(item: Item, res: FetchedResponse): Coro<{ outcome: EntryOutcome; discovered: NewEntry[] }> {
    const { entry } = item;
    const input = { entry, finalUrl: res.finalUrl, status: res.status, contentType: res.contentType, body: res.body, fetchedAt: new Date().toISOString() };
    let data: string | null;
    let discovered: NewEntry[];
    if (PagePool.wants(res.body.length, this.options.onPage !== undefined) && isHtmlType(res.contentType) && this.pages.available(this.onNote)) {
      // Step 6 off the loop: the body moves to a worker, only the stored record and links come back.
      const r = yield* this.pages.process(input);
      this.stats.decoded(entry.url, r.replacementChars, r.literalReplacementChars);
      ({ data, discovered } = r);
    } else {
      const page = buildPage(this.options, input);
      if (page.html !== null) this.stats.decoded(entry.url, page.replacementChars, page.literalReplacementChars);
      if (this.options.onPage !== undefined) {
        const r = this.options.onPage(page);
        if (r !== undefined && typeof (r as Coro<void>).next === "function") yield* r as Coro<void>;
      }
      ({ data, discovered } = this.mode.page(entry, page));
    }
    let finalKey: string | undefined;
    if (res.finalUrl !== entry.url) {
      try {
        finalKey = this.canonical(res.finalUrl);
      } catch {
        finalKey = undefined;
      }
    }
    return { outcome: { state: "ok", data, attempts: item.attempts, status: res.status, ...(finalKey === undefined ? {} : { finalKey }) }, discovered };
  }

  /**
   * Commit one URL's outcome, and count what the frontier says it stored — the only
   * place outcomes are counted (see `report/stats.ts`).
   */
  private *complete(item: Item, outcome: EntryOutcome, discovered: NewEntry[]): Coro<void> {
    const { entry } = item;
    if (item.fetched !== undefined && outcome.state !== "skipped") outcome = { ...outcome, fetch: item.fetched };
    const result = yield* call(this.frontier.complete(entry.id, outcome, discovered));
    this.held.delete(entry.id);
    this.landingCommitted(item, result.landed === true);
    if (this.shared === null && outcome.state === "ok" && outcome.data !== null && result.lost !== true && !result.duplicate) {
      this.mode.committed?.({ id: entry.id, url: entry.url, depth: entry.depth, ord: entry.ord, label: entry.label, data: outcome.data });
    }
    if (result.added > 0) this.refillWanted = true;
    if (this.recentLinks !== null && result.lost !== true && !result.duplicate) this.recentLinks.addAll(discovered.map((d) => d.url));
    // lost: a redirect took it over meanwhile (it was fetched twice), or another worker completed it.
    if (result.lost !== true) {
      this.stats.record(result.duplicate ? "skipped" : outcome.state, { queued: result.added - result.skipped, skipped: result.skipped });
      this.observer?.completed(entry.url, result.duplicate ? { state: "skipped", reason: "duplicate" } : outcome);
    }
    if (outcome.state !== "skipped") this.stats.page(outcome.status, item.attempts - 1);
    yield* this.refreshCounts(result.added > 0 && entry.depth === 0);
    this.progress.update();
  }

  /** What a watcher may read of the engine (see `dashboard/crawl-observer.ts`). */
  private view(): EngineView {
    const engine = this;
    const shared = this.frontier as Partial<{ status: EngineView["workers"] }>;
    return {
      stats: this.stats,
      inFlight: () => engine.inFlight,
      paused: () => engine.paused,
      stopping: () => engine.stopping,
      hosts: () => {
        const now = engine.loop.time();
        return [...engine.scheduler.hosts()].map((slot) => {
          const crawlDelay = engine.robots?.crawlDelayMs(`http://${slot.host}`) ?? engine.robots?.crawlDelayMs(`https://${slot.host}`);
          return {
            host: slot.host,
            inFlight: slot.inFlight,
            queued: slot.queue.length,
            delayMs: slot.delayMs,
            crawlDelayMs: crawlDelay ?? null,
            pausedUntil: slot.pausedUntil > now ? Date.now() + (slot.pausedUntil - now) : null,
          };
        });
      },
      ...(typeof shared.status === "function" ? { workers: () => shared.status!.call(this.frontier) } : {}),
    };
  }

  private *refreshCounts(force: boolean): Coro<void> {
    const now = this.loop.time();
    if (!force && now - this.lastCounts < 1000) return;
    this.lastCounts = now;
    const c = yield* call(this.frontier.counts());
    this.stats.refresh(c);
    if (this.options.mode === "book") this.stats.total = c.ok + c.failed + c.queued + c.leased;
  }

  // ---- 8: outputs and summary -----------------------------------------------------

  private *finish(): Coro<CrawlSummary> {
    let counts = yield* call(this.frontier.counts());
    if (!this.stopping && counts.queued > 0 && this.limitReached()) {
      this.stats.skippedQueued(yield* call(this.frontier.skipQueued("max-pages")));
      counts = yield* call(this.frontier.counts());
    }
    if (this.held.size > 0) {
      yield* call(this.frontier.release([...this.held]));
      this.held.clear();
      counts = yield* call(this.frontier.counts());
    }
    const state = counts.queued === 0 && counts.leased === 0 ? "done" : "interrupted";
    if (state === "done") yield* call(this.frontier.setMeta("finished", new Date().toISOString()));
    // An incomplete output never takes the output's name (DESIGN §6); a complete one
    // retires the partial file an earlier run left.
    const complete = isComplete(this.options.mode, counts);
    const partial = partialPath(this.options.output);
    const written = yield* call(this.mode.write(this.frontier, complete ? this.options.output : partial));
    if (complete) rmSync(partial, { force: true });
    const rows = counts.ok + counts.failed + counts.skipped + counts.queued + counts.leased;
    const incomplete: IncompleteOutput | null = complete
      ? null
      : { mode: this.options.mode, file: partial, written, total: this.options.mode === "book" ? (rows > 1 ? rows - 1 : null) : null, resumable: counts.queued + counts.leased > 0 };
    const reasons = yield* call(this.writeErrors());
    // The whole crawl's final counts, for the bar's last line and the summary alike.
    this.stats.refresh(counts);
    if (this.options.mode === "book") this.stats.total = counts.ok + counts.failed + counts.queued + counts.leased;
    this.progress.update();
    this.progress.stop();
    const summary = buildSummary(
      this.stats,
      reasons,
      { output: incomplete?.file ?? this.options.output, errorsFile: this.options.errorsFile, state: this.options.state },
      state,
    );
    return incomplete === null ? summary : { ...summary, incomplete };
  }

  /** Write `errors.jsonl`, counting its lines by reason as they are written. */
  private async writeErrors(): Promise<ReasonCounts> {
    const reasons: ReasonCounts = new Map();
    const problems = this.frontier.problems();
    await writeChunksAtomic(
      this.options.errorsFile,
      (async function* () {
        for await (const p of problems) {
          countReason(reasons, p);
          yield toJsonLine(p);
        }
      })(),
    );
    return reasons;
  }
}

/** The {@link CrawlStateLost} in `e` or in any ExceptionGroup nested in it. */
function stateLostIn(e: unknown): CrawlStateLost | null {
  if (e instanceof CrawlStateLost) return e;
  if (e instanceof ExceptionGroup) {
    for (const x of e.exceptions) {
      const found = stateLostIn(x);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Wait until the scheduler signals a change, or `ms` pass (`null`: no limit). */
function* waitFor(scheduler: HostScheduler<Item>, ms: number | null): Coro<void> {
  if (ms === null) {
    yield* scheduler.changed.wait();
    return;
  }
  try {
    yield* withTimeout(Math.max(0, ms), function* () {
      yield* scheduler.changed.wait();
    });
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
  }
}
