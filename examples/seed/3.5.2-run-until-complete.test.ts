import { expect, it } from "vitest";
import { main } from "./3.5.2-run-until-complete.js";
import { runVirtualLoop } from "./support.js";

it("3.5.2 loop.runUntilComplete(test()) on an explicit loop", async () => {
  const { lines, error, clock } = await runVirtualLoop(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["start ...", "end ..."]);
  expect(clock.now()).toBe(2000);
});
