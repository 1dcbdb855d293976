import { expect, it } from "vitest";
import { main, test_send } from "./3.1-generator-send.js";
import { runVirtual } from "./support.js";

it("3.1 test_send prints 0, 1, then the return value i==2", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["0", "1", "i==2"]);
});

it("3.1 test_send(2) ends before reaching i==2", () => {
  expect([...test_send(2)]).toEqual([0, 1]);
  const g = test_send(2);
  g.next();
  g.next();
  expect(g.next()).toEqual({ done: true, value: undefined });
});
