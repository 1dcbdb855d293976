/**
 * undici's `Pool` and its `request()`, loaded without undici's index.
 *
 * `import { Pool } from "undici"` evaluates the whole package — fetch, WebSocket,
 * EventSource, the mock agents, the cache stores, every interceptor — and the crawler
 * uses one class and one method of it. Measured on the 2,000-chapter benchmark, loading
 * only these two files lowered the crawl's peak RSS by about 4 MB (old-space code and
 * objects the crawler never touches). The files are undici's own CommonJS modules, the
 * same ones its index re-exports (undici 7 has no `exports` map, so they are reachable);
 * a test checks they still are, so an undici upgrade that moves them fails loudly.
 * @module
 */
import { createRequire } from "node:module";
import type { Dispatcher, Pool as UndiciPool } from "undici";

const load = createRequire(import.meta.url);

/** undici's Pool class (from `undici/lib/dispatcher/pool.js`). */
export const Pool = load("undici/lib/dispatcher/pool.js") as typeof UndiciPool;
/** A pool; same type as undici's. */
export type Pool = UndiciPool;

// The function undici's index copies onto `Dispatcher.prototype` as `request`; called
// with the pool as `this`, without touching the shared prototype.
const requestOn = load("undici/lib/api/api-request.js") as (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

/**
 * `pool.request(options)`.
 *
 * @example
 * ```ts
 * const pool = new Pool("http://127.0.0.1:8080", { connections: 2 });
 * const res = await request(pool, { path: "/", method: "GET" });
 * ```
 */
export function request(pool: Pool, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestOn.call(pool, options);
}
