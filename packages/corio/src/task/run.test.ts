import { describe, expect, it, vi } from "vitest";
import { KeyboardInterrupt, RuntimeError, VirtualClock, createTask, getRunningLoop, run, sleep, isCancelled } from "corio";
import { Recorder, runVirtual } from "../../test/support/record.js";
import { runProgram } from "../../test/support/child.js";

describe("run", () => {
  it("returns main's result and closes its loop", async () => {
    let loop: ReturnType<typeof getRunningLoop> | undefined;
    const r = await runVirtual(function* () {
      loop = getRunningLoop();
      yield* sleep(10);
      return "result";
    });
    expect(r).toBe("result");
    expect(loop!.isClosed()).toBe(true);
  });

  it("rejects with main's error", async () => {
    await expect(runVirtual(function* () {
      yield* sleep(1);
      throw new Error("main failed");
    })).rejects.toThrow("main failed");
  });

  it("accepts an async function and a generator object", async () => {
    expect(await runVirtual(async () => 1)).toBe(1);
    expect(await runVirtual((function* () { return 2; })())).toBe(2);
  });

  it("refuses a nested run with RuntimeError", async () => {
    const err = await runVirtual(async () => {
      try {
        await run(function* () {});
      } catch (e) {
        return e;
      }
    });
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as Error).message).toMatch(/another run\(\) is active/);
  });

  it("cancels leftover tasks and waits for their cleanup", async () => {
    const rec = new Recorder();
    await runVirtual(function* () {
      createTask(function* () {
        try {
          yield* sleep(1e9);
        } finally {
          yield* sleep(5);
          rec.at("leftover cleaned up");
        }
      });
      yield* sleep(10);
      rec.at("main returns");
    });
    expect(rec.events).toEqual(["main returns@10", "leftover cleaned up@15"]);
  });

  it("reports errors leftovers raise while cancelling, and unretrieved task errors", async () => {
    const messages: string[] = [];
    await runVirtual(function* () {
      getRunningLoop().setExceptionHandler((_l, c) => messages.push(`${c.message}: ${(c.exception as Error).message}`));
      createTask(function* () {
        try {
          yield* sleep(1e9);
        } finally {
          throw new Error("cleanup failed");
        }
      });
      createTask(function* () {
        throw new Error("nobody looked");
      }, { name: "forgotten" });
      yield* sleep(1);
    });
    expect(messages).toContain("unhandled exception during run() shutdown: cleanup failed");
    expect(messages).toContain('Task "forgotten" exception was never retrieved: nobody looked');
  });

  it("first SIGINT cancels main (its cleanup runs) and rejects with KeyboardInterrupt", async () => {
    const rec = new Recorder();
    const p = run(
      function* () {
        try {
          yield* sleep(1e9);
        } catch (e) {
          rec.add(`main got cancelled=${isCancelled(e)}`);
          throw e;
        } finally {
          yield* sleep(10);
          rec.add("main cleanup done");
        }
      },
      { clock: new VirtualClock() },
    );
    await new Promise((r) => setImmediate(r));
    process.emit("SIGINT", "SIGINT");
    await expect(p).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(rec.events).toEqual(["main got cancelled=true", "main cleanup done"]);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("a second SIGINT exits the process at once with code 130", async () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const clock = new VirtualClock({ autojump: false });
    const p = run(
      function* () {
        try {
          yield* sleep(1e9);
        } finally {
          yield* sleep(1e9); // stubborn cleanup
        }
      },
      { clock },
    );
    await new Promise((r) => setImmediate(r));
    process.emit("SIGINT", "SIGINT");
    await new Promise((r) => setImmediate(r));
    expect(exit).not.toHaveBeenCalled();
    process.emit("SIGINT", "SIGINT");
    expect(exit).toHaveBeenCalledWith(130);
    exit.mockRestore();
    clock.advance(1e9); // let the stubborn cleanup finish so this run() ends
    await expect(p).rejects.toBeInstanceOf(KeyboardInterrupt);
  });
});

describe("run and the program's own SIGINT handler", () => {
  it("leaves SIGINT to a handler added with loop.addSignalHandler (a real signal, in a child process)", async () => {
    const program = `
      import { getRunningLoop, run, sleep } from "corio";
      const result = await run(function* () {
        let interrupts = 0;
        getRunningLoop().addSignalHandler("SIGINT", () => {
          interrupts++;
          console.log("handled " + interrupts);
        });
        console.log("ready");
        while (interrupts < 2) yield* sleep(5);
        return "main finished normally";
      });
      console.log(result);
    `;
    const r = await runProgram(program, {
      onStdout: (chunk, child) => {
        if (/ready|handled 1/.test(chunk)) child.kill("SIGINT");
      },
    });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim().split("\n")).toEqual(["ready", "handled 1", "handled 2", "main finished normally"]);
    expect(r.code).toBe(0);
  });
});
