/**
 * 3.4 协程引入 · 2.async/await — the statistics example as coroutines. The article's
 * `async def` / `await` pair has two equal spellings in corio:
 *
 * - generator coroutines: `function*` + `yield*` (corio's native form, what `run` drives);
 * - `async` functions + `await`.
 *
 * Both compute the same thing; `asyncio.run(get_new_data(products))` is `run(...)`.
 * (Printed with `repr`: JavaScript prints the average 96 where Python prints 96.0.)
 */
import { pathToFileURL } from "node:url";
import { call, run, type Coro } from "corio";
import { addStats, makeProducts, type Product } from "./3.4-products-sync.js";
import { repr } from "./support.js";

// 生成新的dict数据 — the generator form
export function* get_new_item(item: Product): Coro<Product> {
  return addStats(item);
}

export function* get_new_data(data: Product[]): Coro<Product[]> {
  const newdata: Product[] = [];
  for (const item of data) {
    const new_item = yield* get_new_item(item);
    newdata.push(new_item);
  }
  return newdata;
}

// the async/await form
export async function getNewItemAsync(item: Product): Promise<Product> {
  return addStats(item);
}

export async function getNewDataAsync(data: Product[]): Promise<Product[]> {
  const newdata: Product[] = [];
  for (const item of data) {
    const new_item = await getNewItemAsync(item);
    newdata.push(new_item);
  }
  return newdata;
}

export function* main() {
  // 需求:生成绘图的数据(max,min,avg)
  const new_products = yield* get_new_data(makeProducts());
  console.log(repr(new_products));
  // a promise enters a coroutine through call()
  const new_products2 = yield* call(getNewDataAsync(makeProducts()));
  console.log(repr(new_products2));
  console.log(`两种写法结果相同: ${repr(new_products) === repr(new_products2)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
