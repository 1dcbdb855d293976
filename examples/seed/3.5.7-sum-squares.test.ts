import { expect, it } from "vitest";
import { run } from "corio";
import { main } from "./3.5.7-sum-squares.js";
import { captureLog } from "./support.js";

it("3.5.7 run_in_executor: sum of squares of 10**7 in a worker while another task ticks", async () => {
  const { lines, result, error } = await captureLog(() => run(main, { handleSignals: false }));
  expect(error).toBeUndefined();
  expect(lines[0]).toBe("333333283333335000000");
  expect(lines[1]).toBe("the loop kept running: the ticker ticked during the computation");
  expect(lines[2]).toMatch(/^elapsed \d+ ms$/);
  expect(result!.result).toBe(333333283333335000000n);
  expect(result!.ticks).toBeGreaterThan(0);
});
