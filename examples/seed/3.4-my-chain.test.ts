import { expect, it } from "vitest";
import { main, my_chain } from "./3.4-my-chain.js";
import { runVirtual } from "./support.js";

it("3.4 my_chain (two nested loops) prints what itertools.chain printed", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["小张", "小明", "小潘", "小周", "name", "name1"]);
});

it("3.4 my_chain is lazy and handles empty inputs", () => {
  expect([...my_chain<number>([], [1], [], [2, 3])]).toEqual([1, 2, 3]);
  const g = my_chain<number>([1, 2]);
  expect(g.next().value).toBe(1);
});
