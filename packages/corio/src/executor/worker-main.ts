/**
 * What a pool worker runs, as JavaScript source handed to `new Worker(src, { eval: true })`.
 *
 * Why a string and not a file: Node 20 cannot start a worker from a `.ts` file, and the
 * same code must work from the built `dist/` and from the TypeScript sources that vitest
 * runs. A worker file would need a copy step in the build and a separate path in tests; an
 * eval'd source is the same bytes everywhere, and it can still `import()` any module URL.
 *
 * Protocol: the parent posts `{ id, url, name, args }`; the worker imports `url` (cached),
 * calls its export `name(...args)`, awaits the result and posts `{ id, ok: true, result }`
 * or `{ id, ok: false, error }` with the error's name, message, stack and code. A result
 * that cannot be cloned is reported as an error (DataCloneError), never a hang.
 * @internal
 */
export const WORKER_SOURCE = String.raw`
"use strict";
const { parentPort } = require("node:worker_threads");
const modules = new Map();
function serialize(e) {
  if (e !== null && typeof e === "object") {
    return { name: String(e.name ?? "Error"), message: String(e.message ?? ""), stack: typeof e.stack === "string" ? e.stack : undefined, code: e.code };
  }
  return { name: "Error", message: "thrown value: " + String(e), stack: undefined, code: undefined };
}
parentPort.on("message", async (job) => {
  try {
    let mod = modules.get(job.url);
    if (mod === undefined) {
      mod = import(job.url);
      modules.set(job.url, mod);
      mod.catch(() => modules.delete(job.url));
    }
    const m = await mod;
    const fn = m[job.name];
    if (typeof fn !== "function") {
      throw new TypeError("module " + job.url + " has no exported function " + JSON.stringify(job.name));
    }
    const result = await fn(...job.args);
    parentPort.postMessage({ id: job.id, ok: true, result });
  } catch (e) {
    try {
      parentPort.postMessage({ id: job.id, ok: false, error: serialize(e) });
    } catch (e2) {
      parentPort.postMessage({ id: job.id, ok: false, error: serialize(e2) });
    }
  }
});
`;
