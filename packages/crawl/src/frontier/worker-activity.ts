/**
 * What one worker of a Redis crawl is doing, for the other workers' dashboards and
 * `corio crawl status`: each worker publishes its {@link WorkerActivity} (hash `wstate`)
 * at most once a second and only when it changed — never per page — and the readers
 * turn it into one line ({@link describeWorker}).
 * @module
 */

/** A worker's state as it publishes it. */
export interface WorkerActivity {
  /** `finished`: the crawl ended; `stopped`: this worker left before the end (Ctrl-C, an error). */
  state: "running" | "paused" | "stopping" | "finished" | "stopped";
  /** Requests in flight now. */
  inFlight: number;
  /** Hosts with requests in flight: `[host, requests]`, busiest first (at most {@link MAX_HOSTS}). */
  hosts: [string, number][];
  /** URLs leased by this worker (in flight or waiting in its queue). */
  leased: number;
  /** The worker's lease time, ms: silent longer than this, its URLs go back to the queue. */
  leaseMs: number;
}

/** Hosts named in a worker's activity. */
export const MAX_HOSTS = 3;

/** What the engine tells the frontier about itself (a subset of the dashboard's `EngineView`). */
export interface EngineActivity {
  inFlight(): number;
  hosts(): { host: string; inFlight: number }[];
  paused(): boolean;
  stopping(): boolean;
}

/** The activity of an engine now; `leased` and `leaseMs` are the frontier's to add. */
export function activityOf(engine: EngineActivity): Omit<WorkerActivity, "leased" | "leaseMs"> {
  const hosts = engine
    .hosts()
    .filter((h) => h.inFlight > 0)
    .sort((a, b) => b.inFlight - a.inFlight || (a.host < b.host ? -1 : 1))
    .slice(0, MAX_HOSTS)
    .map((h): [string, number] => [h.host, h.inFlight]);
  const state = engine.stopping() ? "stopping" : engine.paused() ? "paused" : "running";
  return { state, inFlight: engine.inFlight(), hosts };
}

/**
 * One line for a worker: what it does, as of `now` (ms, the readers' clock; `lastSeen` is
 * Redis's). `null` activity: a worker of an older corio, which published none.
 *
 * @example
 * ```ts
 * describeWorker({ state: "running", inFlight: 3, hosts: [["a.test", 2], ["b.test", 1]], leased: 9, leaseMs: 30_000 }, 1_000, 1_500);
 * // "fetching 3: a.test ×2, b.test"
 * ```
 */
export function describeWorker(a: WorkerActivity | null, lastSeen: number, now: number): string {
  if (a === null) return "working";
  if (a.state === "finished") return "finished";
  if (a.state === "stopped") return "stopped (left before the end)";
  const silent = now - lastSeen;
  if (silent > a.leaseMs) return `silent for ${Math.round(silent / 1000)} s (its URLs went back to the queue)`;
  if (a.state === "paused") return a.inFlight > 0 ? `paused, finishing ${a.inFlight} in flight` : "paused";
  if (a.state === "stopping") return `stopping, finishing ${a.inFlight} in flight`;
  if (a.inFlight === 0) return a.leased > 0 ? `waiting: ${a.leased} leased (politeness delay)` : "idle: waiting for work";
  const hosts = a.hosts.map(([h, n]) => (n > 1 ? `${h} ×${n}` : h));
  const more = a.hosts.reduce((n, [, k]) => n - k, a.inFlight) > 0 ? ", …" : "";
  return `fetching ${a.inFlight}: ${hosts.join(", ")}${more}`;
}

/** A stored activity, or `null` when it is missing or not one. */
export function parseActivity(json: string | undefined): WorkerActivity | null {
  if (json === undefined) return null;
  try {
    const a = JSON.parse(json) as WorkerActivity;
    return typeof a === "object" && a !== null && typeof a.state === "string" ? a : null;
  } catch {
    return null;
  }
}
