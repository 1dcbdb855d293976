import { expect, it } from "vitest";
import { runVirtual } from "./support.js";
import { main } from "./3.5.9-bounded-semaphore.js";

it("3.5.9-bounded-semaphore prints what the article shows", async () => {
  expect((await runVirtual(main)).lines).toEqual([
    "Semaphore(2) released once too often: locked=false",
    "BoundedSemaphore(2): RangeError: BoundedSemaphore released too many times (it has 2 permits)",
  ]);
});
