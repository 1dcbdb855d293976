/**
 * Installs the Node host (node-host.ts) into the core. A side-effect module: `corio`
 * (index.ts) and `corio/node` (node.ts) import it before anything else, so the core sees
 * `process.env.CORIO_DEBUG`, signals and worker threads from its first line on. It is the
 * one file package.json lists under `sideEffects`.
 * @module
 */
// The core first, whole: node-host's thread pool imports core modules that import each
// other in a cycle, which only resolves when entered from the top (core.ts).
import "../core.js";
import { installHost } from "../host/host.js";
import { enableOpTracking } from "../internal/debug-flag.js";
import { nodeHost } from "./node-host.js";

installHost(nodeHost);
// The flag may have been read before this line ran (node-host's imports reach it): read it again.
if (nodeHost.env("CORIO_DEBUG") === "1") enableOpTracking();
