import { expect, it } from "vitest";
import { main } from "./3.5.3-wait-old.js";
import { runVirtualLoop, times } from "./support.js";

it("3.5.3 old style: ten loop tasks, wait(tasks), then each result in order", async () => {
  const { lines, error } = await runVirtualLoop(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    ...times(10, "start ..."),
    ...times(10, "end ..."),
    ..."0123456789".split(""),
    "elapsed 2000 ms",
  ]);
});
