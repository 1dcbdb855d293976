import { expect, it } from "vitest";
import { main } from "./3.5.6-wait-for.js";
import { runVirtual } from "./support.js";

it("3.5.6 waitFor: a 3 s task with a 2 s limit times out and is cancelled", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["start ...", "超时取消", "elapsed 2000 ms"]);
  expect(clock.now()).toBe(2000); // nothing waited for the 3 s sleep
});
