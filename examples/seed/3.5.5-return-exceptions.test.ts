import { expect, it } from "vitest";
import { main, urls } from "./3.5.5-return-exceptions.js";
import { runVirtual } from "./support.js";

it("3.5.5 returnExceptions: the error takes its slot, the others finish after 2 s", async () => {
  const { lines, error } = await runVirtual(main);
  expect(error).toBeUndefined();
  const h = (u: string) => `'<h1>This is a test for ${u}</h1>'`;
  expect(lines).toEqual([
    ...urls.map((u) => `get ${u} ing`),
    "done",
    "done",
    "done",
    "done",
    `[${h(urls[0]!)}, Error('Exception is over'), ${h(urls[2]!)}, ${h(urls[3]!)}]`,
    "elapsed 2000 ms",
  ]);
});
