/**
 * Article 3.5.9 §4, the BoundedSemaphore note: a BoundedSemaphore checks on release() that
 * the count does not go above its initial value, and raises if it would (corio: RangeError).
 * A plain Semaphore lets the count grow.
 */
import { pathToFileURL } from "node:url";
import { BoundedSemaphore, run, Semaphore, type Coro } from "corio";

export function* main(): Coro<void> {
  const plain = new Semaphore(2);
  plain.release(); // allowed: now 3 permits
  console.log(`Semaphore(2) released once too often: locked=${plain.locked()}`);

  const bounded = new BoundedSemaphore(2);
  yield* bounded.acquire();
  bounded.release(); // back to 2: fine
  try {
    bounded.release(); // would make 3
  } catch (e) {
    console.log(`BoundedSemaphore(2): ${(e as Error).name}: ${(e as Error).message}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
