// Loaded with `--import` in each child: when CORIO_BENCH_DIST is set, the bare specifier
// "corio" resolves to the snapshot of packages/corio/dist that main.ts took at start, so a
// rebuild during a run cannot mix two builds in one table.
import { register } from "node:module";

if (process.env.CORIO_BENCH_DIST) register("./corio-snapshot-hooks.mjs", import.meta.url);
