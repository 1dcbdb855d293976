import { expect, it } from "vitest";
import { main } from "./3.5.6-wait-first-completed.js";
import { runVirtual } from "./support.js";

it("3.5.6 FIRST_COMPLETED: task 0 wins, the rest are cancelled when main returns", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    ...Array.from({ length: 10 }, (_, i) => `start task${i}`),
    "end task0",
    "ok",
    "elapsed 0 ms",
  ]);
  expect(clock.now()).toBe(0);
});
