/** `node:perf_hooks` in a page: the same `performance` is a global there. */
export const performance = globalThis.performance;
