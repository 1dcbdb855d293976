/**
 * 3.4 协程引入 · 1.yield版协程 · In [14] — the need: add max/min/avg of the price history
 * to every product (data for a chart). Plain functions, no coroutine yet.
 *
 * Printed with `repr` (Python style); the only visible difference with the article is that
 * JavaScript prints the average 96 where Python prints the float 96.0.
 */
import { pathToFileURL } from "node:url";
import { run } from "corio";
import { repr } from "./support.js";

export interface Product {
  id: number;
  title: string;
  price: number[];
  avg?: number;
  max?: number;
  min?: number;
}

/** The article's `products` (a fresh copy each time: the functions mutate the items). */
export function makeProducts(): Product[] {
  return [
    { id: 2344, title: "御泥坊补水面膜", price: [89, 76, 120, 99] },
    { id: 2345, title: "御泥坊火山泥面膜", price: [30, 56, 70, 89] },
  ];
}

/** The statistics of one item, added in place in the article's order (avg, max, min). */
export function addStats(item: Product): Product {
  const prices = item.price;
  item.avg = prices.reduce((a, b) => a + b, 0) / prices.length;
  item.max = Math.max(...prices);
  item.min = Math.min(...prices);
  return item;
}

// 生成新的dict数据
function get_new_item(item: Product): Product {
  return addStats(item);
}

function get_new_data(data: Product[]): Product[] {
  const newdata: Product[] = [];
  for (const item of data) {
    const new_item = get_new_item(item);
    newdata.push(new_item);
  }
  return newdata;
}

export function* main() {
  // 需求:生成绘图的数据(max,min,avg)
  const new_products = get_new_data(makeProducts());
  console.log(repr(new_products));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
