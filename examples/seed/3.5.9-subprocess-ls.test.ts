import { expect, it } from "vitest";
import { run } from "corio";
import { main, runCmd } from "./3.5.9-subprocess-ls.js";
import { captureLog } from "./support.js";

it("subprocess `ls /zzz`: non-zero exit, the message on stderr, nothing on stdout", async () => {
  const { lines, result, error } = await captureLog(() => run(main, { handleSignals: false }));
  expect(error).toBeUndefined();
  expect(result).not.toBe(0);
  expect(lines[0]).toBe(`['ls /zzz' exited with ${result}]`);
  expect(lines[1]).toBe("[stderr]");
  expect(lines[2]).toMatch(/^ls: .*\/zzz.*No such file or directory$/);
  expect(lines.some((l) => l === "[stdout]")).toBe(false);
});

it("and a command that succeeds prints its stdout", async () => {
  const { lines } = await captureLog(() => run(() => runCmd("echo hi"), { handleSignals: false }));
  expect(lines).toEqual(["['echo hi' exited with 0]", "[stdout]", "hi", ""]);
});
