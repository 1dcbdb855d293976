import { expect, it } from "vitest";
import { FibonaIterator, main } from "./3.1-fibonacci-iterator.js";
import { runVirtual } from "./support.js";

const FIB10 = ["1", "1", "2", "3", "5", "8", "13", "21", "34", "55"];

it("3.1 Fibonacci: the loop, then the iterator class", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([...FIB10, "[object FibonaIterator]", ...FIB10]);
});

it("3.1 FibonaIterator ends (done) after n items and stays ended", () => {
  const it3 = new FibonaIterator(3);
  expect([...it3]).toEqual([1, 1, 2]);
  expect(it3.next()).toEqual({ done: true, value: undefined });
  expect([...new FibonaIterator(0)]).toEqual([]);
});
