import { expect, it } from "vitest";
import { main } from "./3.4-products-inline.js";
import { runVirtual } from "./support.js";

// The article's output, except that JavaScript prints 96 where Python prints 96.0.
const EXPECTED = "[{'id': 2344, 'title': '御泥坊补水面膜', 'price': [89, 76, 120, 99], 'avg': 96, 'max': 120, 'min': 76}, {'id': 2345, 'title': '御泥坊火山泥面膜', 'price': [30, 56, 70, 89], 'avg': 61.25, 'max': 89, 'min': 30}]";

it("3.4 products (inline): max/min/avg added to every item", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([EXPECTED]);
});
