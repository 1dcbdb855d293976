/**
 * 3.4 协程引入 · 1.yield from — `my_chain`, what `itertools.chain` does inside: two nested
 * loops that `yield` every item ("相当于两层遍历,用yield返回").
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

export function* my_chain<T>(...args: Iterable<T>[]): Generator<T, void, unknown> {
  for (const items of args) {
    for (const item of items) yield item;
  }
}

export function* main() {
  // 模拟分表后的两个查询结果
  const user1 = ["小张", "小明"];
  const user2 = ["小潘", "小周"];
  // dict只能遍历key (a Map's keys(), see 3.4-itertools-chain.ts)
  const user3 = new Map([["name", "test1"], ["name1", "test2"]]);
  // 需求:合并并遍历
  for (const item of my_chain<string>(user1, user2, user3.keys())) console.log(item);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
