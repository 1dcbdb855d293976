/**
 * 3.4 协程引入 · 1.yield版协程 · In [15] — the same with generators: `get_new_item` yields
 * the item, `get_new_data` delegates with `yield*` (`yield from`), and the caller
 * collects what comes out. The code barely changes, and there is no callback juggling.
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";
import { addStats, makeProducts, type Product } from "./3.4-products-sync.js";
import { repr } from "./support.js";

// 生成新的dict数据
export function* get_new_item(item: Product): Generator<Product, void, unknown> {
  yield addStats(item);
}

export function* get_new_data(data: Product[]): Generator<Product, void, unknown> {
  for (const item of data) yield* get_new_item(item);
}

export function* main() {
  // 需求:生成绘图的数据(max,min,avg)
  const new_products: Product[] = [];
  // 如果需要返回值 (Python: catch StopIteration) — JavaScript: the `done: true` result's value
  for (const item of get_new_data(makeProducts())) new_products.push(item);
  console.log(repr(new_products));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
