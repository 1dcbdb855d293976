#!/usr/bin/env node
// The `corio` command. Checked in (not built) so that npm can link it when it installs the
// package, before any build step runs; the command itself is in the built dist/cli/main.js.
let cli;
try {
  cli = await import("../dist/cli/main.js");
} catch (e) {
  if (e && e.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("dist/cli/main.js")) {
    process.stderr.write("corio: the package is not built yet: run `npm run build` in the corio repository\n");
    process.exit(1);
  }
  throw e;
}
process.exitCode = await cli.main(process.argv.slice(2));
