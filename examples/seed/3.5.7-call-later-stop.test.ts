import { expect, it } from "vitest";
import { main } from "./3.5.7-call-later-stop.js";
import { runVirtualLoop } from "./support.js";

it("3.5.7 callLater out of order runs in time order; the cancelled one never runs; stop ends runForever", async () => {
  const { lines, error, clock } = await runVirtualLoop(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["task2-1", "task2-2", "task2-3", "elapsed 4000 ms"]);
  expect(clock.now()).toBe(4000);
});
