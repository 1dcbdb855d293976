/**
 * 3.4 协程引入 · 1.yield版协程 · In [16] — what `yield*` amounts to in this case: the
 * delegating generator behaves as if the sub-generator's body were inlined in it
 * (the caller and the sub-generator talk through a direct two-way channel).
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";
import { makeProducts, type Product } from "./3.4-products-sync.js";
import { repr } from "./support.js";

// 生成新的数据
export function* get_new_data(data: Product[]): Generator<Product, void, unknown> {
  for (const item of data) {
    const prices = item.price;
    item.avg = prices.reduce((a, b) => a + b, 0) / prices.length;
    item.max = Math.max(...prices);
    item.min = Math.min(...prices);
    yield item;
  }
}

export function* main() {
  // 需求:生成绘图的数据(max,min,avg)
  const new_products: Product[] = [];
  for (const item of get_new_data(makeProducts())) new_products.push(item);
  console.log(repr(new_products));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
