/**
 * 3.4 协程引入 · 1.yield from · 扩展(可忽略) — knowing how chain works inside, handle the
 * dict case yourself: for a dict (here a `Map`) walk its values instead of its keys.
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

export function* my_chain(...args: Iterable<string>[]): Generator<string, void, unknown> {
  for (let my_iterable of args) {
    // 如果是字典类型就返回value
    if (my_iterable instanceof Map) my_iterable = my_iterable.values();
    for (const item of my_iterable) yield item;
  }
}

export function* main() {
  // 模拟分表后的两个查询结果
  const user1 = ["小张", "小明"];
  const user2 = ["小潘", "小周"];
  const user3 = new Map([["name", "test1"], ["name1", "test2"]]);
  // 需求:合并并遍历
  for (const item of my_chain(user1, user2, user3 as Iterable<string>)) console.log(item);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
