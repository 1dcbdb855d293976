import { expect, it } from "vitest";
import { main, urls } from "./3.5.5-exception-old.js";
import { runVirtualLoop } from "./support.js";

it("3.5.5 old style: the exception comes out of runUntilComplete at once", async () => {
  const { lines, error } = await runVirtualLoop(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([...urls.map((u) => `get ${u} ing`), "Exception is over", "elapsed 0 ms"]);
});
