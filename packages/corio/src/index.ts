/**
 * corio — Python's asyncio, done right for TypeScript.
 *
 * Coroutines are generators (`function*`, `yield*`), driven by an event loop with a FIFO
 * ready queue and a timer heap; tasks are cancelled at the exact point they wait; every
 * awaitable is also a `PromiseLike`. This file is the whole public API under Node: the universal
 * core (core.ts) and the Node parts (node.ts), with the Node host installed first.
 *
 * @example
 * import { run, sleep, gather } from "corio";
 * function* fetchOne(i: number) { yield* sleep(100); return i * 2; }
 * const results = await run(function* () { return yield* gather([fetchOne(1), fetchOne(2)]); });
 * @module corio
 */

import "./node/install.js";

export * from "./core.js";
export * from "./node.js";
