import { expect, it } from "vitest";
import { main } from "./3.5.6-shield.js";
import { runVirtual } from "./support.js";

it("3.5.6 shield: the timeout cancels the unshielded task but only the wait of the shielded one", async () => {
  const { lines, error, clock } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    "开始保存 订单1",
    "保存被取消 订单1",
    "超时 (elapsed 1000 ms), 任务被取消:true",
    "开始保存 订单2",
    "超时 (elapsed 2000 ms), 任务被取消:false",
    "保存完成 订单2",
    "saved 订单2",
    "elapsed 2500 ms",
  ]);
  expect(clock.now()).toBe(2500);
});
