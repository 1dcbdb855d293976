/**
 * 3.4 协程引入 · 1.yield from — merging two "sharded table" results and walking them in one
 * loop. Python borrows `itertools.chain`; JavaScript has no itertools in Node 20, the
 * everyday equivalent is spreading the iterables into one array.
 *
 * A Python dict iterates its keys; a `Map` iterates `[key, value]` pairs, so the dict
 * becomes `user3.keys()` ("dict只能遍历key").
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

export function* main() {
  // 模拟分表后的两个查询结果
  const user1 = ["小张", "小明"];
  const user2 = ["小潘", "小周"];
  // dict只能遍历key(这种情况需要自己封装合并方法并处理下)
  const user3 = new Map([["name", "test1"], ["name1", "test2"]]);
  // 需求:合并并遍历
  for (const item of [...user1, ...user2, ...user3.keys()]) console.log(item);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
