/**
 * A browser app's bundler sees only the universal core: esbuild with platform "browser"
 * resolves "corio" through package.json's exports to dist/core.js, and the bundle of a
 * program using the loop, a TaskGroup, timeouts and a queue reaches no Node built-in.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleForBrowser } from "../support/browser-bundle.js";

const PROGRAM = `
import { run, sleep, withTaskGroup, withTimeout, Queue, Lock } from "corio";
export const main = () => run(function* () {
  const q = new Queue<number>();
  const lock = new Lock();
  yield* withTaskGroup(function* (tg) {
    tg.createTask(function* () { yield* lock.with(function* () { yield* q.put(1); }); });
    tg.createTask(function* () { yield* withTimeout(100, function* () { yield* sleep(1); }); });
  });
  return q.qsize();
});
`;

describe("bundled for the browser", () => {
  it('"corio" resolves to the universal core and pulls in no Node built-in', async () => {
    const bundle = await bundleForBrowser(PROGRAM);
    expect(bundle.resolvedCorio).toBe(path.join("dist", "core.js"));
    expect(bundle.nodeImports).toEqual([]);
    expect(bundle.inputs).toEqual(expect.arrayContaining([expect.stringMatching(/loop[\\/]event-loop\.ts$/)]));
    expect(bundle.inputs.some((f) => /streams|subprocess|executor|[\\/]node[\\/]/.test(f))).toBe(false);
  });

  it("the check has teeth: corio/node in the same bundle is caught", async () => {
    const bundle = await bundleForBrowser(`import { toThread } from "corio/node"; export { toThread };`);
    expect(bundle.nodeImports.map((i) => i.module)).toEqual(expect.arrayContaining(["node:worker_threads"]));
  });
});
