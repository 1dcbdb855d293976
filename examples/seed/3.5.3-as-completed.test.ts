import { expect, it } from "vitest";
import { main } from "./3.5.3-as-completed.js";
import { runVirtual, times } from "./support.js";

it("3.5.3 as_completed: results in completion order (the seeded start order), 2 s in all", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    ...times(10, "start ..."),
    ...times(10, "end ..."),
    "[1, 6, 4, 5, 0, 7, 8, 3, 2, 9]", // the article's output
    "elapsed 2000 ms",
  ]);
});
