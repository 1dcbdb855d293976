import { expect, it } from "vitest";
import { main } from "./3.5.3-gather.js";
import { runVirtual, times } from "./support.js";

it("3.5.3 gather: ten results in argument order after 2 s", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([...times(10, "start ..."), ...times(10, "end ..."), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", "elapsed 2000 ms"]);
  expect(clock.now()).toBe(2000);
});
