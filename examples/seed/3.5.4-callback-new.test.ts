import { expect, it } from "vitest";
import { main, urls } from "./3.5.4-callback-new.js";
import { runVirtual } from "./support.js";

it("3.5.4 new style: callbacks run before gather's result is printed", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    ...urls.map((u) => `get ${u} ing`),
    ...urls.flatMap(() => ["Task", "done"]),
    `[${urls.map((u) => `'<h1>This is a test for ${u}</h1>'`).join(", ")}]`,
    "elapsed 2000 ms",
  ]);
});
