/**
 * 3.5.2 · 代码答疑 — the pre-3.7 style: make a loop yourself and
 * `loop.run_until_complete(test())`, instead of `asyncio.run`.
 *
 * A loop-level example: `main` takes the clock (a `VirtualClock` in the tests).
 */
import { pathToFileURL } from "node:url";
import { EventLoop, RealClock, sleep, type Clock, type Coro } from "corio";

function* test(): Coro<void> {
  console.log("start ...");
  yield* sleep(2000);
  console.log("end ...");
}

export async function main(clock: Clock = new RealClock()): Promise<void> {
  // loop = asyncio.get_event_loop() — here an explicit new loop
  const loop = new EventLoop({ clock });
  try {
    await loop.runUntilComplete(test());
  } finally {
    loop.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
