import { expect, it } from "vitest";
import { main } from "./3.4-my-chain-dict-values.js";
import { runVirtual } from "./support.js";

it("3.4 extension: a dict contributes its values", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["小张", "小明", "小潘", "小周", "test1", "test2"]);
});
