import { expect, it } from "vitest";
import { main, partial, urls } from "./3.5.4-callback-partial.js";
import { runVirtualLoop } from "./support.js";

it("3.5.4 partial: the bound url comes first, the task last", async () => {
  const { lines, error } = await runVirtualLoop(main);
  expect(error).toBeUndefined();
  expect(lines).toEqual([...urls.flatMap((u) => ["Task", `This is a test for ${u}`]), "elapsed 2000 ms"]);
});

it("3.5.4 partial(f, a, b)(c) is f(a, b, c)", () => {
  const f = (a: string, b: number, c: boolean) => `${a}${b}${c}`;
  expect(partial(f, "x", 1)(true)).toBe("x1true");
});
