import { expect, it } from "vitest";
import { runVirtual } from "./support.js";
import { main } from "./3.5.9-cache-lock.js";

it("3.5.9-cache-lock prints what the article shows", async () => {
  expect((await runVirtual(main)).lines).toEqual([
    "2", // one fetch only
    "[18, '<h2>www.baidu</h2>']",
    "elapsed 2000 ms",
  ]);
});
