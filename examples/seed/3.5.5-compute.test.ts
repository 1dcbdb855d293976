import { expect, it } from "vitest";
import { main } from "./3.5.5-compute.js";
import { runVirtual } from "./support.js";

it("3.5.5 sequence diagram: compute(1, 2) sleeps 1 s and returns 3", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["计算 1+2...", "1+2=3"]);
  expect(clock.now()).toBe(1000);
});
