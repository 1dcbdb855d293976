/**
 * 3.4 协程引入 · 1.yield from · 扩展的正确处理 — what one usually does instead: the shards
 * are lists of records (`[{}, {}]`), chained, and each record is handled in the loop.
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";

export function* main() {
  // 模拟分表后的两个查询结果
  const user1 = [{ name: "小张" }, { name: "小明" }];
  const user2 = [{ name: "小潘" }, { name: "小周" }];
  const user3 = [{ name: "test1" }, { name: "test2" }];
  // 需求:合并并遍历
  for (const item of [...user1, ...user2, ...user3]) {
    // 一般都是直接在这里进行处理
    for (const value of Object.values(item)) console.log(value);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
