/**
 * The shim test:runtimes runs the core tests with must report what vitest would: a failing
 * assertion fails, skips are skipped with their reason, hooks run around each test, and
 * `it(name, options, fn)` runs its body (not just accepts it).
 */
import { expect as vitestExpect, it as vitestIt } from "vitest";
import { afterEach, beforeEach, describe, expect, it, runAll, setFile, setSkips, type Outcome } from "./vitest-shim.js";

vitestIt("reports passes, failures, skips and runs hooks in order", async () => {
  const order: string[] = [];
  setFile("demo.test.ts");
  setSkips({ "demo.test.ts > group > skipped by the runtime": "not here" });
  describe("group", () => {
    beforeEach(() => void order.push("before"));
    afterEach(() => void order.push("after"));
    it("passes", () => { order.push("passes"); expect([1, 2]).toEqual([1, 2]); });
    it("fails", () => { expect({ a: 1 }).toEqual({ a: 2 }); });
    it("takes options first", { timeout: 1000 }, () => { order.push("options"); expect(1).toBe(2); });
    it("rejects", async () => { await expect(Promise.reject(new Error("no"))).rejects.toThrow("no"); });
    it("skipped by the runtime", () => { order.push("must not run"); });
    it.skip("skipped in the file", () => {});
    it.each([[1, 2], [2, 3]])("adds one to %s", (a, b) => { expect(a + 1).toBe(b); });
  });
  const outcomes: Outcome[] = await runAll(() => {});
  const status = Object.fromEntries(outcomes.map((o) => [o.name.replace("demo.test.ts > group > ", ""), o.status]));
  vitestExpect(status).toEqual({
    passes: "pass",
    fails: "fail",
    "takes options first": "fail",
    rejects: "pass",
    "skipped by the runtime": "skip",
    "skipped in the file": "skip",
    "adds one to 1": "pass",
    "adds one to 2": "pass",
  });
  vitestExpect(outcomes.find((o) => o.name.endsWith("by the runtime"))?.reason).toBe("not here");
  vitestExpect(order).toEqual(["before", "passes", "after", "before", "after", "before", "options", "after", "before", "after", "before", "after", "before", "after"]);
});
