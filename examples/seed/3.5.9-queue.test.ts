import { expect, it } from "vitest";
import { runVirtual } from "./support.js";
import { main } from "./3.5.9-queue.js";

it("3.5.9-queue: the article's interleaving (its random numbers replaced by seeded ones)", async () => {
  const { lines } = await runVirtual(main);
  // Who prints, in which order, is the article's; only the numbers differ.
  const shape = lines.slice(0, -1).map((l) => l.replace(/商品[0-9.e-]+/, "商品N"));
  expect(shape).toEqual([
    "[生产者0]商品N出厂了",
    "[生产者0]商品N出厂了",
    "[消费者0]商品N抢光了",
    "[消费者0]商品N抢光了",
    "[生产者1]商品N出厂了",
    "[消费者0]商品N抢光了",
    "[生产者1]商品N出厂了",
    "[消费者1]商品N抢光了",
    "[生产者2]商品N出厂了",
    "[消费者2]商品N抢光了",
    "[生产者2]商品N出厂了",
    "[消费者3]商品N抢光了",
    "[生产者3]商品N出厂了",
    "[消费者4]商品N抢光了",
    "[生产者3]商品N出厂了",
    "[消费者0]商品N抢光了",
    "[生产者4]商品N出厂了",
    "[消费者1]商品N抢光了",
    "[生产者4]商品N出厂了",
    "[消费者2]商品N抢光了",
  ]);
  // Every number put is the number got next: nothing lost or duplicated.
  const nums = lines.slice(0, -1).map((l) => l.match(/商品([0-9.e-]+)/)![1]);
  expect(new Set(nums.filter((_, i) => lines[i]!.includes("出厂"))))
    .toEqual(new Set(nums.filter((_, i) => lines[i]!.includes("抢光"))));
  expect(lines.at(-1)).toBe("elapsed 3024 ms");
});
