import { expect, it } from "vitest";
import { main } from "./3.5.6-cancel-task.js";
import { runVirtual } from "./support.js";

it("3.5.6 a task cancelled after 1 s: cancelled and done, never reaches its end", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual(["start ...", "任务已经被取消:true", "任务是因为异常而完成:true", "elapsed 1000 ms"]);
  expect(clock.now()).toBe(1000);
});
