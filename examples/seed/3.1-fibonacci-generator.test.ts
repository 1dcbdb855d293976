import { expect, it } from "vitest";
import { fibona, main } from "./3.1-fibonacci-generator.js";
import { runVirtual } from "./support.js";

it("3.1 Fibonacci generator prints a generator object then ten numbers", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["[object Generator]", "1", "1", "2", "3", "5", "8", "13", "21", "34", "55"]);
});

it("3.1 fibona is lazy: nothing runs before next()", () => {
  const g = fibona(2);
  expect(g.next()).toEqual({ done: false, value: 1 });
  expect(g.next()).toEqual({ done: false, value: 1 });
  expect(g.next()).toEqual({ done: true, value: undefined });
});
