/**
 * 3.5.5 · 新语法的说明 · 4.时序图 — the sequence-diagram example of the Python 3.6 docs:
 * `main` awaits `compute(1, 2)`, which sleeps 1 s and returns the sum.
 */
import { pathToFileURL } from "node:url";
import { run, sleep, type Coro } from "corio";

function* compute(x: number, y: number): Coro<number> {
  console.log(`计算 ${x}+${y}...`);
  yield* sleep(1000);
  return x + y;
}

function* mainOf(x: number, y: number): Coro<void> {
  const result = yield* compute(x, y);
  console.log(`${x}+${y}=${result}`);
}

export function* main() {
  yield* mainOf(1, 2);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
