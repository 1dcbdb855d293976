import { expect, it } from "vitest";
import { main } from "./3.4-itertools-chain.js";
import { runVirtual } from "./support.js";

it("3.4 chain of two lists and a dict walks the dict's keys", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["小张", "小明", "小潘", "小周", "name", "name1"]);
});
