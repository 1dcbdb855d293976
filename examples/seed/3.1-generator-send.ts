/**
 * 3.1 知识回顾 · 3.生成器 — `test_send`: a `return` inside a generator ends the iteration,
 * and its value is the generator's return value. Python hands it over in
 * `StopIteration.value`; JavaScript's `next()` returns `{ done: true, value }`.
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

export function* test_send(n: number): Generator<number, string | undefined, unknown> {
  for (let i = 0; i < n; i++) {
    if (i === 2) return "i==2";
    yield i;
  }
  return undefined;
}

export function* main() {
  const g = test_send(5);
  while (true) {
    const r = g.next();
    if (r.done) {
      // Python: except StopIteration as ex: print(ex.value)
      console.log(r.value);
      break;
    }
    console.log(r.value);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
