/**
 * The API reference builds from the TSDoc without a single warning: a broken `{@link}`,
 * an unknown tag, an exported signature that mentions a type nobody can import, a link to
 * a member tagged internal. It runs TypeDoc as `npm run docs:api` does (typedoc.json,
 * `treatWarningsAsErrors`), only without writing the HTML (`--emit none`).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TYPEDOC = fileURLToPath(new URL("../../node_modules/typedoc/bin/typedoc", import.meta.url));

it("npm run docs:api finds no TSDoc warning", async () => {
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [TYPEDOC, "--emit", "none", "--treatWarningsAsErrors"], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
  expect(code, `typedoc reported problems (fix the TSDoc they name):\n${output}`).toBe(0);
  expect(output).not.toMatch(/\[warning\]|\[error\]/);
}, 180_000);
