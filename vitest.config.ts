import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests import "corio" from its TypeScript source, so a change to the runtime is seen
// without a rebuild; the built package is exercised by the examples and the demo.
export default defineConfig({
  resolve: {
    // Exact matches: "corio" alone would also catch "corio/core" as a prefix.
    alias: [
      { find: /^corio$/, replacement: fileURLToPath(new URL("./packages/corio/src/index.ts", import.meta.url)) },
      { find: /^corio\/core$/, replacement: fileURLToPath(new URL("./packages/corio/src/core.ts", import.meta.url)) },
      { find: /^corio\/node$/, replacement: fileURLToPath(new URL("./packages/corio/src/node.ts", import.meta.url)) },
    ],
  },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "examples/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // vitest's default on a 2-core machine is one worker; most of the slow files spend their
    // time waiting on child processes and sockets, so two workers keep both cores busy.
    maxWorkers: 2,
  },
});
