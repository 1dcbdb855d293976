/**
 * Without the Node host (a browser, a worker), what needs one fails with one clear line
 * naming the alternative, and the rest of the loop works. The host is swapped for the
 * universal one for each test and put back afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventLoop, NotSupportedError, run, sleep } from "corio";
import { host, installHost, universalHost } from "../../src/host/host.js";

describe("the core on the universal host", () => {
  const nodeHost = host();
  beforeEach(() => installHost(universalHost));
  afterEach(() => installHost(nodeHost));

  it("runs a program", async () => {
    expect(await run(function* () { yield* sleep(1); return 7; })).toBe(7);
  });

  it("runInExecutor without worker threads: NotSupportedError naming Web Workers", () => {
    const loop = new EventLoop();
    try {
      expect(() => loop.runInExecutor(null, "data:text/javascript,", "f")).toThrow(NotSupportedError);
      expect(() => loop.runInExecutor(null, "data:text/javascript,", "f")).toThrow(/Web Worker/);
    } finally {
      loop.close();
    }
  });

  it("addSignalHandler without signals: NotSupportedError, and nothing is registered", () => {
    const loop = new EventLoop();
    try {
      expect(() => loop.addSignalHandler("SIGINT", () => {})).toThrow(NotSupportedError);
      expect(loop.removeSignalHandler("SIGINT")).toBe(false);
    } finally {
      loop.close();
    }
  });

  it("the Node host, by contrast, has both", () => {
    expect(nodeHost.name).toBe("node");
    const pool = nodeHost.createDefaultExecutor();
    expect(pool).toBeDefined();
    pool?._terminateNow();
  });
});
