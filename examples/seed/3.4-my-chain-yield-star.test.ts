import { expect, it } from "vitest";
import { main, my_chain } from "./3.4-my-chain-yield-star.js";
import { runVirtual } from "./support.js";

it("3.4 my_chain with yield* (yield from) over user1 and user2", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["小张", "小明", "小潘", "小周"]);
});

it("3.4 yield* delegates to any iterable (a string, a Set)", () => {
  expect([...my_chain<string>("ab", new Set(["c"]))]).toEqual(["a", "b", "c"]);
});
