import { expect, it } from "vitest";
import { main } from "./3.5.6-wait-timeout.js";
import { runVirtual, times } from "./support.js";

it("3.5.6 wait with a 2 s timeout: tasks 0 and 1 done, 8 pending (the timeout wins the tie at 2 s)", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    ...times(10, "start ..."),
    "end ...", // task 0 (0 s)
    "end ...", // task 1 (1 s)
    "任务总数:10==10==10",
    "未完成Task:8==8",
    "end ...", // task 2: its 2 s timer fired just after the timeout, in the same turn
    "[0, 1]",
    "elapsed 2000 ms",
  ]);
  expect(clock.now()).toBe(2000); // run cancelled the rest
});
