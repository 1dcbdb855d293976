import { expect, it } from "vitest";
import { averager, main } from "./3.1-generator-protocol.js";
import { runVirtual } from "./support.js";

it("3.1 generator protocol: send, throw, return value, close, first send dropped", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    "next() → 0",
    "send(10) → 10",
    "send(20) → 15",
    "生成器内部捕获异常: 坏数据",
    "throw(Error) → 15",
    "send(30) → 20",
    "finally: 生成器结束",
    "done=true 返回值: 平均值=20",
    "finally: 生成器结束",
    "close → done=true value=closed",
    "close 之后 next() → done=true",
    "刚启动就 send(99) → 0",
    "finally: 生成器结束",
  ]);
});

it("3.1 throw into a just-started generator raises out of it without running its body", () => {
  const g = averager();
  expect(() => g.throw(new Error("early"))).toThrow("early");
  expect(g.next().done).toBe(true);
});
