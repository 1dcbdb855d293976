#!/usr/bin/env node
/**
 * The `corio` binary: parses argv, runs, exits with the code of {@link runCli}.
 * @module
 */
import { runCli } from "./run-cli.js";

process.exitCode = await runCli(process.argv.slice(2));
