import { expect, it } from "vitest";
import { runVirtual } from "./support.js";
import { main } from "./3.5.9-semaphore-api.js";

it("3.5.9-semaphore-api prints what the article shows", async () => {
  expect((await runVirtual(main)).lines).toEqual([...Array.from({ length: 20 }, (_, i) => `The Task ${i} is done`), "elapsed 4000 ms"]);
});
