/**
 * The plain-JS "sleep(0)": give the event loop one turn (I/O and timers may run), like
 * asyncio.sleep(0) and corio's sleep(0). Every promise-based contender yields with this.
 */
export const yieldTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** A microtask yield: cheaper, but never lets I/O run. Only for the "(ref)" rows. */
export const yieldMicrotask = (): Promise<void> => Promise.resolve();
