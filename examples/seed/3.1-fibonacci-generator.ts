/**
 * 3.1 知识回顾 · 3.生成器 — In [13]: the Fibonacci iterator rewritten as a generator
 * ("加个yield就变成生成器了").
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

export function* fibona(n: number): Generator<number, void, unknown> {
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) {
    [a, b] = [b, a + b];
    yield a; // 加个yield就变成生成器了
  }
}

export function* main() {
  // print(fibona(10)) → <generator object fibona at 0x…>
  console.log(Object.prototype.toString.call(fibona(10)));
  for (const i of fibona(10)) console.log(i);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
