import { expect, it } from "vitest";
import { main, urls } from "./3.5.4-callback-old.js";
import { runVirtualLoop } from "./support.js";

it("3.5.4 done callbacks print each task's type and result, in completion order", async () => {
  const { lines, error } = await runVirtualLoop(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    ...urls.map((u) => `get ${u} ing`),
    ...urls.flatMap((u) => ["Task", `<h1>This is a test for ${u}</h1>`]),
    "elapsed 2000 ms",
  ]);
});
