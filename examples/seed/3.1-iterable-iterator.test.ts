import { expect, it } from "vitest";
import { isIterable, isIterator, main } from "./3.1-iterable-iterator.js";
import { runVirtual } from "./support.js";

it("3.1 iterable vs iterator: Out[4] Out[5] Out[7] Out[8] and In [9]", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["false", "false", "true", "false", "true", "true", "true"]);
});

it("3.1 the checks on built-ins: an array is iterable, its iterator is an iterator", () => {
  expect(isIterable([])).toBe(true);
  expect(isIterator([])).toBe(false);
  expect(isIterator([][Symbol.iterator]())).toBe(true);
  expect(isIterable("abc")).toBe(false); // a primitive string is not an object
});
