import { describe, expect, expectTypeOf, it } from "vitest";
import { run, VirtualClock, type Awaitable } from "../index.js";
import { sleep } from "../task/sleep.js";
import { asCompleted } from "./as-completed.js";

describe("asCompleted typing", () => {
  it("accepts awaitables of different result types and yields their union, in completion order", async () => {
    const order = await run(
      function* () {
        const nexts = asCompleted([sleep(20, "a"), sleep(10, 3)]);
        expectTypeOf(nexts).toEqualTypeOf<Awaitable<string | number>[]>();
        const seen: (string | number)[] = [];
        for (const next of nexts) seen.push(yield* next);
        return seen;
      },
      { clock: new VirtualClock() },
    );
    expect(order).toEqual([3, "a"]);
  });
});
