import { expect, it } from "vitest";
import { runVirtual } from "./support.js";
import { main } from "./3.5.9-event-batch.js";

it("3.5.9-event-batch prints what the article shows", async () => {
  expect((await runVirtual(main)).lines).toEqual([
    `[${Array.from({ length: 9 }, (_, i) => `'www.baidu.com/s?wd=${i + 1} done'`).join(", ")}, 'html_dict >> DB done']`,
    "elapsed 2000 ms",
  ]);
});
