/**
 * The plain-JS "sleep(0)": give the event loop one turn (I/O and timers may run), like
 * asyncio.sleep(0) and corio's sleep(0). Every promise-based contender yields with this.
 */
export const yieldTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

// The microtask floor (`floor-microtask` rows) yields with a bare `await null`: one
// microtask, the cheapest yield JavaScript has, in which I/O never runs.
