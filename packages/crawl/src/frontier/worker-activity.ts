/**
 * What one worker of a Redis crawl is doing, for the other workers' dashboards and
 * `corio crawl status`: each worker publishes its {@link WorkerActivity} (hash `wstate`)
 * at most once a second and only when it changed — never per page — and the readers
 * turn it into one line ({@link describeWorker}). "Fetching" counts the requests that
 * hold a host slot: `--per-host` is shared by every worker, so a request the engine
 * dispatched may wait for another worker's slot, and is said to wait.
 * @module
 */

/** A worker's state as it publishes it. */
export interface WorkerActivity {
  /** `finished`: the crawl ended; `stopped`: this worker left before the end (Ctrl-C, an error). */
  state: "running" | "paused" | "stopping" | "finished" | "stopped";
  /** Requests being fetched now: each holds a slot of its host (shared by every worker). */
  inFlight: number;
  /** Requests dispatched but waiting for a host slot (`--per-host` counts every worker's requests). */
  waiting: number;
  /** Hosts being fetched: `[host, requests]`, busiest first (at most 3). */
  hosts: [string, number][];
  /** URLs leased by this worker (in flight, waiting, or in its queue). */
  leased: number;
  /** The worker's lease time, ms: silent longer than this, its URLs go back to the queue. */
  leaseMs: number;
}

/** Hosts named in a worker's activity. */
export const MAX_HOSTS = 3;

/** What the engine says of itself (read from the dashboard's `EngineView`). */
export interface EngineActivity {
  state: "running" | "paused" | "stopping";
  /** Requests dispatched: fetching, or waiting for a host slot. */
  dispatched: number;
}

/** The engine's part of a worker's activity. */
export function activityOf(engine: { inFlight(): number; paused(): boolean; stopping(): boolean }): EngineActivity {
  return { state: engine.stopping() ? "stopping" : engine.paused() ? "paused" : "running", dispatched: engine.inFlight() };
}

/**
 * A worker's activity from the engine's word and the host slots its frontier holds (one
 * per request being fetched, by host).
 *
 * @example
 * ```ts
 * workerActivity({ state: "running", dispatched: 3 }, ["a.test", "a.test"], 9, 30_000);
 * // { state: "running", inFlight: 2, waiting: 1, hosts: [["a.test", 2]], leased: 9, leaseMs: 30000 }
 * ```
 */
export function workerActivity(engine: EngineActivity, slotHosts: Iterable<string>, leased: number, leaseMs: number): WorkerActivity {
  const byHost = new Map<string, number>();
  let inFlight = 0;
  for (const h of slotHosts) {
    byHost.set(h, (byHost.get(h) ?? 0) + 1);
    inFlight++;
  }
  const hosts = [...byHost]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_HOSTS);
  return { state: engine.state, inFlight, waiting: Math.max(0, engine.dispatched - inFlight), hosts, leased, leaseMs };
}

/**
 * One line for a worker: what it does, as of `now` (ms, the readers' clock; `lastSeen` is
 * Redis's). `null` activity: a worker of an older corio, which published none.
 *
 * @example
 * ```ts
 * describeWorker({ state: "running", inFlight: 3, waiting: 0, hosts: [["a.test", 2], ["b.test", 1]], leased: 9, leaseMs: 30_000 }, 1_000, 1_500);
 * // "fetching 3: a.test ×2, b.test"
 * ```
 */
export function describeWorker(a: WorkerActivity | null, lastSeen: number, now: number): string {
  if (a === null) return "working";
  if (a.state === "finished") return "finished";
  if (a.state === "stopped") return "stopped (left before the end)";
  const silent = now - lastSeen;
  if (silent > a.leaseMs) return `silent for ${Math.round(silent / 1000)} s (its URLs went back to the queue)`;
  const busy = a.inFlight + a.waiting;
  if (a.state === "paused") return busy > 0 ? `paused, finishing ${busy} in flight` : "paused";
  if (a.state === "stopping") return `stopping, finishing ${busy} in flight`;
  const waiting = a.waiting > 0 ? `${a.waiting} waiting for a host slot` : "";
  if (a.inFlight === 0) return waiting !== "" ? waiting : a.leased > 0 ? `${a.leased} leased, none in flight` : "idle: waiting for work";
  const hosts = a.hosts.map(([h, n]) => (n > 1 ? `${h} ×${n}` : h));
  const more = a.hosts.reduce((n, [, k]) => n - k, a.inFlight) > 0 ? ", …" : "";
  return `fetching ${a.inFlight}: ${hosts.join(", ")}${more}${waiting === "" ? "" : `; ${waiting}`}`;
}

/** A stored activity, or `null` when it is missing or not one. */
export function parseActivity(json: string | undefined): WorkerActivity | null {
  if (json === undefined) return null;
  try {
    const a = JSON.parse(json) as WorkerActivity;
    return typeof a === "object" && a !== null && typeof a.state === "string" ? { ...a, waiting: Number(a.waiting ?? 0) } : null;
  } catch {
    return null;
  }
}
