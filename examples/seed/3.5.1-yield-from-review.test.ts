import { expect, it } from "vitest";
import { get_name, main } from "./3.5.1-yield-from-review.js";
import { runVirtual } from "./support.js";

it("3.5.1 get_name delegates to get_value; the mixed async form gives the same", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["小明", "小明"]);
});

it("3.5.1 get_name yields once then ends", () => {
  expect([...get_name("小明")]).toEqual(["小明"]);
});
