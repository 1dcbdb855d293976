import { expect, it } from "vitest";
import { main, urls1 } from "./3.5.6-group-cancel.js";
import { runVirtual } from "./support.js";

it("3.5.6 cancelling group2 before it runs: only group1 starts; CancelledError() in its slot", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    ...urls1.map((u) => `get url for${u}`),
    `[[${urls1.map((u) => `'<h1>This is a test for ${u}</h1>'`).join(", ")}], CancelledError()]`,
    "elapsed 2000 ms",
  ]);
});
