import { expect, it } from "vitest";
import { run, VirtualClock } from "corio";
import { get_new_data, getNewDataAsync, main } from "./3.4-products-async.js";
import { makeProducts } from "./3.4-products-sync.js";
import { runVirtual } from "./support.js";

const EXPECTED = "[{'id': 2344, 'title': '御泥坊补水面膜', 'price': [89, 76, 120, 99], 'avg': 96, 'max': 120, 'min': 76}, {'id': 2345, 'title': '御泥坊火山泥面膜', 'price': [30, 56, 70, 89], 'avg': 61.25, 'max': 89, 'min': 30}]";

it("3.4 async/await: the generator form and the async form give the same list", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([EXPECTED, EXPECTED, "两种写法结果相同: true"]);
});

it("3.4 both forms run directly with run(), like asyncio.run(get_new_data(products))", async () => {
  const a = await run(get_new_data(makeProducts()), { clock: new VirtualClock(), handleSignals: false });
  const b = await run(() => getNewDataAsync(makeProducts()), { clock: new VirtualClock(), handleSignals: false });
  expect(a).toEqual(b);
  expect(a.map((p) => [p.avg, p.max, p.min])).toEqual([[96, 120, 76], [61.25, 89, 30]]);
});
