import { expect, it } from "vitest";
import { main } from "./3.5.7-callbacks.js";
import { runVirtual } from "./support.js";

it("3.5.7 callSoon / callLater / callAt: handle types, then the callbacks in time order", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    "Handle",
    "TimerHandle",
    "TimerHandle",
    "start task1...",
    "end task1...",
    "start task2...",
    "end task2...",
    "start task3...",
    "end task3...",
    "elapsed 5000 ms",
  ]);
  expect(clock.now()).toBe(5000);
});
