import { expect, it } from "vitest";
import { main, urls1, urls2 } from "./3.5.6-group.js";
import { runVirtual } from "./support.js";

it("3.5.6 two groups gathered into one list", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  const all = [...urls1, ...urls2];
  expect(lines).toEqual([
    ...all.map((u) => `get url for${u}`),
    `[${all.map((u) => `'<h1>This is a test for ${u}</h1>'`).join(", ")}]`,
    "elapsed 2000 ms",
  ]);
});
