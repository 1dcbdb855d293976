/**
 * A task that fails and that nobody awaits must not fail silently: it is reported when it
 * is garbage-collected, when its loop closes, or — on the default loop — when the program
 * ends; CORIO_UNHANDLED=fatal / `unhandledErrors: "fatal"` make that exit code 1.
 * Whole processes, because only they show garbage collection, exit reports and exit codes.
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "../support/child.js";

/** Collects garbage until the finalizers had a chance to run. */
const COLLECT = `
  async function collect() {
    for (let i = 0; i < 5; i++) {
      globalThis.gc!();
      await new Promise((r) => setTimeout(r, 10));
    }
  }
`;

const REPORT = /Task "doomed" exception was never retrieved\nError: nobody looked\n\s+at /;

describe.concurrent("an exception nobody retrieved", () => {
  it("is reported when its task is collected, on the default loop, while the program runs", async () => {
    const r = await runProgram(
      `import { createTask, sleep } from "corio";
      ${COLLECT}
      createTask(function* () { yield* sleep(10); throw new Error("nobody looked"); }, { name: "doomed" });
      await sleep(50);
      await collect();
      process.stderr.write("program still running\\n");`,
      { gc: true },
    );
    expect(r.stderr).toMatch(REPORT);
    expect(r.stderr.indexOf("never retrieved")).toBeLessThan(r.stderr.indexOf("program still running"));
    expect(r.code).toBe(0);
  });

  it("is reported inside run() when its task is collected, before run ends", async () => {
    const r = await runProgram(
      `import { createTask, run, sleep, call } from "corio";
      ${COLLECT}
      await run(function* () {
        createTask(function* () { throw new Error("nobody looked"); }, { name: "doomed" });
        yield* sleep(10);
        yield* call(collect());
        process.stderr.write("main ends\\n");
      });`,
      { gc: true },
    );
    expect(r.stderr).toMatch(REPORT);
    expect(r.stderr.indexOf("never retrieved")).toBeLessThan(r.stderr.indexOf("main ends"));
    expect(r.code).toBe(0);
  });

  it("is reported when the program ends, on the default loop, if no collection came first", async () => {
    const r = await runProgram(`
      import { createTask, sleep } from "corio";
      createTask(function* () { yield* sleep(10); throw new Error("nobody looked"); }, { name: "doomed" });
      await sleep(50);
      process.stderr.write("last line of the program\\n");`);
    expect(r.stderr).toMatch(REPORT);
    expect(r.stderr.indexOf("last line of the program")).toBeLessThan(r.stderr.indexOf("never retrieved"));
    expect(r.code).toBe(0);
  });

  it("is reported by a program that ends with process.exit()", async () => {
    const r = await runProgram(`
      import { createTask, sleep } from "corio";
      const t = createTask(function* () { throw new Error("nobody looked"); }, { name: "doomed" });
      await sleep(10);
      process.exit(0);`);
    expect(r.stderr).toMatch(REPORT);
    expect(r.code).toBe(0);
  });

  it("is not reported once someone retrieved it", async () => {
    const r = await runProgram(
      `import { createTask, sleep } from "corio";
      ${COLLECT}
      const t = createTask(function* () { throw new Error("seen"); });
      await t.then(undefined, (e) => console.log("caught " + e.message));
      createTask(function* () { throw new Error("also seen"); }).addDoneCallback((f) => console.log("exception " + (f.exception() as Error).message));
      await sleep(10);
      await collect();`,
      { gc: true },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("caught seen\nexception also seen\n");
    expect(r.code).toBe(0);
  });

  it("ends the process with exit code 1 under CORIO_UNHANDLED=fatal, at collection", async () => {
    const r = await runProgram(
      `import { createTask, sleep } from "corio";
      ${COLLECT}
      createTask(function* () { throw new Error("nobody looked"); }, { name: "doomed" });
      await sleep(10);
      await collect();
      process.stderr.write("still running\\n");`,
      { gc: true, env: { CORIO_UNHANDLED: "fatal" } },
    );
    expect(r.stderr).toMatch(REPORT);
    expect(r.stderr).not.toContain("still running");
    expect(r.code).toBe(1);
  });

  it("ends the process with exit code 1 under CORIO_UNHANDLED=strict, at exit", async () => {
    const r = await runProgram(
      `import { createTask, sleep } from "corio";
      const keep = createTask(function* () { throw new Error("nobody looked"); }, { name: "doomed" });
      await sleep(10);`,
      { env: { CORIO_UNHANDLED: "strict" } },
    );
    expect(r.stderr).toMatch(REPORT);
    expect(r.code).toBe(1);
  });

  it("ends the process with exit code 1 with run(main, { unhandledErrors: 'fatal' }), when run closes its loop", async () => {
    const r = await runProgram(`
      import { createTask, run, sleep } from "corio";
      let keep: unknown;
      await run(function* () {
        keep = createTask(function* () { throw new Error("nobody looked"); }, { name: "doomed" });
        yield* sleep(10);
      }, { unhandledErrors: "fatal" });
      process.stderr.write("after run\\n");`);
    expect(r.stderr).toMatch(REPORT);
    expect(r.stderr).not.toContain("after run");
    expect(r.code).toBe(1);
  });
});
