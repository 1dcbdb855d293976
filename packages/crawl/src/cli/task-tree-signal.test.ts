import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock, createTask, run, sleep, withTaskGroup } from "corio";
import { watchTaskTree } from "./task-tree-signal.js";

const savedDebug = process.env.CORIO_DEBUG;
afterEach(() => {
  if (savedDebug === undefined) delete process.env.CORIO_DEBUG;
  else process.env.CORIO_DEBUG = savedDebug;
});

describe("watchTaskTree", () => {
  it("Ctrl-\\ (SIGQUIT) prints the task tree to stderr and the program goes on", async () => {
    let err = "";
    const watch = watchTaskTree([], { stderr: (t) => (err += t) });
    try {
      await run(function* () {
        yield* withTaskGroup(function* (tg) {
          tg.createTask(sleep(20), { name: "fetch https://a.example/" });
          yield* sleep(1);
          process.emit("SIGQUIT", "SIGQUIT");
        });
      }, { name: "corio crawl", clock: new VirtualClock() });
    } finally {
      watch.stop();
    }
    expect(err).toMatch(/--- corio crawl task tree \(Ctrl-\\\) ---\nloop #\d+/);
    expect(err).toMatch(/└── Task "corio crawl" #\d+ running.*\n {4}└── Task "fetch https:\/\/a\.example\/" #\d+ \[TaskGroup\] waiting on sleep until 20 ms/);
    expect(process.listenerCount("SIGQUIT")).toBe(0);
  });

  it("--debug turns on corio's debug mode (file:line in the tree) and prints the tree on Ctrl-C", async () => {
    let err = "";
    const watch = watchTaskTree(["crawl", "site", "https://a.example/", "--debug"], { stderr: (t) => (err += t) });
    let debug = false;
    try {
      await run(function* () {
        const t = createTask(function* () { yield* sleep(20); }, { name: "worker" });
        yield* sleep(1);
        debug = t.getLoop().getDebug();
        process.emit("SIGINT", "SIGINT");
        yield* t;
      }, { handleSignals: false, clock: new VirtualClock() });
    } finally {
      watch.stop();
    }
    expect(watch.debug).toBe(true);
    expect(debug).toBe(true);
    expect(err).toMatch(/task tree \(interrupted\)[\s\S]*Task "worker" #\d+ waiting on sleep until 20 ms {2}at .*task-tree-signal\.test\.ts:\d+:\d+/);
    expect(process.env.CORIO_DEBUG).toBe(savedDebug);
  });
});
