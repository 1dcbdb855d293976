import { expect, it } from "vitest";
import { main } from "./3.4-chain-records.js";
import { runVirtual } from "./support.js";

it("3.4 the usual way: chained lists of records, values handled in the loop", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["小张", "小明", "小潘", "小周", "test1", "test2"]);
});
