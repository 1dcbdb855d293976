import { expect, it } from "vitest";
import { main } from "./3.5.2-run.js";
import { runVirtual } from "./support.js";

it("3.5.2 run: start, 2 s of sleep, end, ok", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["start ...", "end ...", "ok", "elapsed 2000 ms"]);
  expect(clock.now()).toBe(2000);
});
