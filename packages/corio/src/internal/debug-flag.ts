/**
 * Whether corio's awaitables record where they were created, to report the ones never
 * waited on (see task/forgotten.ts). Off unless debug mode is on somewhere (`CORIO_DEBUG=1`,
 * `run(main, { debug: true })`, `loop.setDebug(true)`): then the hot paths pay one read of
 * this flag, and nothing else.
 * @internal
 */
import { host } from "../host/host.js";

export let trackOps = host().env("CORIO_DEBUG") === "1";

/** @internal a loop entered debug mode: start recording (it stays on; each op checks its loop). */
export function enableOpTracking(): void {
  trackOps = true;
}
