import { expect, it } from "vitest";
import { main, urls } from "./3.5.5-exception.js";
import { runVirtual } from "./support.js";

it("3.5.5 gather raises the first exception at once; the others are cancelled by run", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([...urls.map((u) => `get ${u} ing`), "Exception is over", "elapsed 0 ms"]);
  expect(clock.now()).toBe(0); // the sleeping tasks were cancelled, not waited for
});
