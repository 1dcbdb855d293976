import { expect, it } from "vitest";
import { main, yieldFrom } from "./3.4-pep380.js";
import { runVirtual } from "./support.js";

it("3.4 PEP 380: the hand-written delegation behaves like yield* in every scenario", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([
    "# send / throw (caught) / return value",
    "next → yield y1",
    "  sub: received A",
    "send A → yield y2",
    "  sub: caught E",
    "throw E → yield y3",
    "  sub: received C",
    "send C → yield y4",
    "  sub: finally",
    "send D → done, value=result(D)",
    "手写的委托循环与 yield* 完全一致: true",
    "# close (return) while suspended",
    "next → yield y1",
    "  sub: received A",
    "send A → yield y2",
    "  sub: finally",
    "return bye → done, value=bye",
    "next → done, value=undefined",
    "手写的委托循环与 yield* 完全一致: true",
    "# throw not caught by the sub-generator",
    "next → yield y1",
    "  sub: finally",
    "throw boom → raised boom",
    "next → done, value=undefined",
    "手写的委托循环与 yield* 完全一致: true",
  ]);
});

it("3.4 yieldFrom: a sub-generator that returns at once gives its value with nothing yielded", () => {
  const g = yieldFrom((function* () { return 42; })());
  expect(g.next()).toEqual({ done: true, value: 42 });
});

it("3.4 yieldFrom over a plain iterable (no throw/return): values pass, a throw is raised in the delegator", () => {
  expect([...yieldFrom([1, 2, 3])]).toEqual([1, 2, 3]);
  const g = yieldFrom([1, 2]);
  g.next();
  expect(() => g.throw(new Error("x"))).toThrow("x");
});

it("3.4 yieldFrom keeps delegating when the sub-generator's finally yields during return()", () => {
  function* stubborn() {
    try {
      yield 1;
    } finally {
      yield "cleanup";
    }
    return "end";
  }
  const star = (function* () { return yield* stubborn(); })();
  const hand = yieldFrom(stubborn());
  for (const g of [star, hand]) {
    expect(g.next()).toEqual({ done: false, value: 1 });
    expect(g.return("r")).toEqual({ done: false, value: "cleanup" });
  }
  expect(star.next()).toEqual({ done: true, value: "r" });
  // the hand-written loop cannot know the value given to return(): PEP 380's close() has none
  expect(hand.next().done).toBe(true);
});
