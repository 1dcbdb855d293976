#!/usr/bin/env node
// `corio-crawl …`, the same as `corio crawl …`. Checked in (not built) so that npm can link
// it when it installs the package, before any build step runs.
let cli;
try {
  cli = await import("../dist/index.js");
} catch (e) {
  if (e && e.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("dist/index.js")) {
    process.stderr.write("corio-crawl: the package is not built yet: run `npm run build` in the corio repository\n");
    process.exit(1);
  }
  throw e;
}
process.exitCode = await cli.runCli(["crawl", ...process.argv.slice(2)]);
