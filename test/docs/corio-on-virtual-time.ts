/**
 * What "corio" means to a doc snippet when the snippet test runs it: corio itself, except
 * that `run()` defaults to an autojump `VirtualClock`. A snippet that sleeps 10 s runs in
 * a few milliseconds and prints exactly what it would print on real time (the loop's
 * clock only decides *when* timers fire; their order is the same). A snippet that passes
 * its own `clock` keeps it.
 *
 * Why a module and not a switch in the runtime: the test maps the import specifier
 * "corio" to this file (tsconfig `paths`, which tsx honours), so the published `run()`
 * has no hidden environment hook. Code that runs on the default loop (`await sleep(10)`
 * outside `run`) still uses real time: keep those waits short in the docs.
 */
import { run as realRun, VirtualClock } from "../../packages/corio/src/index.js";

export * from "../../packages/corio/src/index.js";

/** `run()`, on an autojump `VirtualClock` unless `options.clock` says otherwise. */
export const run: typeof realRun = (main, options = {}) => realRun(main, { clock: new VirtualClock(), ...options });
