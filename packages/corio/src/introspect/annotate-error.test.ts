import { describe, expect, it } from "vitest";
import { ExceptionGroup, VirtualClock, createTask, gather, run, sleep, withTaskGroup, type ErrorCallGraph } from "corio";

function chainOf(e: unknown): ErrorCallGraph {
  return (e as { corioCallGraph: ErrorCallGraph }).corioCallGraph;
}

describe("an error escaping a task carries its await chain", () => {
  it("names the tasks that awaited it, up to the root", async () => {
    const err = await run(function* () {
      const leaf = createTask(function* () {
        yield* sleep(1);
        throw new Error("disk full");
      }, { name: "writer" });
      const mid = createTask(function* () { return yield* gather([leaf]); }, { name: "batch" });
      try {
        yield* mid;
      } catch (e) {
        return e;
      }
    }, { clock: new VirtualClock(), name: "root" });
    const e = err as Error;
    expect(e.message).toBe("disk full");
    expect(e.stack).toContain("--- awaited by ---");
    const tail = e.stack!.split("--- awaited by ---\n")[1]!;
    expect(tail.split("\n")).toEqual(['    in task "writer"', '    task "batch" (gather)', '      task "root"']);
    const g = chainOf(e);
    expect(g.name).toBe("writer");
    expect(g.awaitedBy[0]!.name).toBe("batch");
    expect(g.awaitedBy[0]!.via).toBe("gather");
    expect(g.awaitedBy[0]!.awaitedBy[0]!.name).toBe("root");
    expect(Object.keys(e)).not.toContain("corioCallGraph");
  });

  it("is added once: the task that re-raises keeps the first chain", async () => {
    const err = await run(function* () {
      const leaf = createTask(function* () { yield* sleep(1); throw new Error("x"); }, { name: "leaf" });
      const mid = createTask(function* () { yield* leaf; }, { name: "mid" });
      try { yield* mid; } catch (e) { return e as Error; }
    }, { clock: new VirtualClock() });
    expect(err!.stack!.match(/--- awaited by ---/g)).toHaveLength(1);
    expect(chainOf(err).name).toBe("leaf");
  });

  it("shows the TaskGroup and, in debug mode, where the parent waits", async () => {
    let child: unknown;
    await run(function* () {
      try {
        yield* withTaskGroup(function* (tg) {
          tg.createTask(function* () { yield* sleep(1); throw new TypeError("bad input"); }, { name: "parser" });
        });
      } catch (e) {
        child = (e as ExceptionGroup).exceptions[0];
      }
    }, { clock: new VirtualClock(), debug: true, name: "main" });
    const stack = (child as Error).stack!;
    expect(stack).toMatch(/--- awaited by ---\n {4}in task "parser"\n {4}task "main" \(TaskGroup\) at .*annotate-error\.test\.ts:\d+:\d+/);
  });

  it("a bad yield names the task it happened in", async () => {
    const err = await run(function* () {
      const t = createTask(function* () { yield 42; }, { name: "sloppy" });
      try { yield* t; } catch (e) { return e as Error; }
    }, { clock: new VirtualClock() });
    expect(err!.message).toMatch(/yielded 42/);
    expect(err!.stack).toMatch(/--- awaited by ---\n {4}in task "sloppy"\n {4}task "main"/);
  });

  it("leaves non-errors and frozen errors alone", async () => {
    const frozen = Object.freeze(new Error("frozen"));
    const out = await run(function* () {
      const a = createTask(function* () { yield* sleep(0); throw "a string"; });
      const b = createTask(function* () { yield* sleep(0); throw frozen; });
      const r = yield* gather([a, b], { returnExceptions: true });
      return r;
    }, { clock: new VirtualClock() });
    expect(out[0]).toBe("a string");
    expect(out[1]).toBe(frozen);
    expect((out[1] as Error).stack).not.toContain("awaited by");
  });
});
