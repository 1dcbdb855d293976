/**
 * CommonJS users: `require("corio")` and `require("@corio/crawl")` work on Node 20.19+
 * through require(esm) — which breaks if a module in the graph ever uses top-level await.
 * Runs the built packages as an installed user would resolve them (node_modules links).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { ROOT } from "./published-packages.js";

const exec = promisify(execFile);

async function commonJs(code: string): Promise<string> {
  const { stdout } = await exec(process.execPath, ["--input-type=commonjs", "-e", code], { cwd: ROOT, timeout: 60_000 });
  return stdout.trim();
}

it("require('corio') loads the ESM build and runs a coroutine", async () => {
  const out = await commonJs(`
    const { run, sleep, gather } = require("corio");
    run(function* () {
      const [a, b] = yield* gather([
        (function* () { yield* sleep(2); return "a"; })(),
        (function* () { yield* sleep(1); return "b"; })(),
      ]);
      return a + b;
    }).then((r) => console.log(r));
  `);
  expect(out).toBe("ab");
}, 90_000);

it("require('@corio/crawl') loads and exposes its API", async () => {
  const out = await commonJs(`
    const crawl = require("@corio/crawl");
    console.log(typeof crawl.runCli, typeof crawl.CrawlError);
  `);
  expect(out).toBe("function function");
}, 90_000);
