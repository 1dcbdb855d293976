/**
 * 3.4 协程引入 · 1.yield from — `my_chain` with `yield from items` (Python 3.3+), which is
 * JavaScript's `yield*`: delegate to any iterable.
 *
 * The article's main passes only user1 and user2, so four names print; the two extra
 * lines (`test1`, `test2`) shown under it in the article belong to the next example
 * (3.4-my-chain-dict-values.ts).
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

export function* my_chain<T>(...args: Iterable<T>[]): Generator<T, void, unknown> {
  for (const items of args) yield* items;
}

export function* main() {
  // 模拟分表后的两个查询结果
  const user1 = ["小张", "小明"];
  const user2 = ["小潘", "小周"];
  // 需求:合并并遍历
  for (const item of my_chain(user1, user2)) console.log(item);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
