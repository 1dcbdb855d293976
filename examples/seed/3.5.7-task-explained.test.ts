import { expect, it } from "vitest";
import { main } from "./3.5.7-task-explained.js";
import { runVirtual } from "./support.js";

it("3.5.7 a plain generator function and an async function both run as tasks", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["this is a test", "this is a async test", "elapsed 1000 ms"]);
  expect(clock.now()).toBe(1000);
});
