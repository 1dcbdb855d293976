import { expect, it } from "vitest";
import { runVirtual } from "./support.js";
import { main } from "./3.5.9-cache-stampede.js";

it("3.5.9-cache-stampede prints what the article shows", async () => {
  expect((await runVirtual(main)).lines).toEqual([
    // two fetches: one network request per task (the article: 2, 3)
    "2",
    "3",
    "[18, '<h2>www.baidu</h2>']", // the article's URL was longer (22)
    "elapsed 3000 ms",
  ]);
});
