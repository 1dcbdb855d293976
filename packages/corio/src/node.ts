/**
 * `corio/node`: what only Node (and Bun, Deno) can give — streams over TCP and Unix
 * sockets, subprocesses, the worker-thread pool (`toThread`, `ThreadPoolExecutor`). Importing
 * it installs the Node host (node/install.ts), so the core also gets `CORIO_DEBUG`, signals
 * and exit codes. The core itself is `corio/core`; `corio` under Node is both.
 *
 * @example
 * import { run } from "corio/core";
 * import { createSubprocessExec, PIPE } from "corio/node";
 * await run(function* () {
 *   const p = yield* createSubprocessExec("node", ["--version"], { stdout: PIPE });
 *   yield* p.wait();
 * });
 * @module corio/node
 */
import "./node/install.js";

export { StreamReader, DEFAULT_LIMIT, type StreamReaderOptions, type Separator, type ReadFlowControl } from "./streams/stream-reader.js";
export { StreamWriter, type ExtraInfoKey } from "./streams/stream-writer.js";
export { openConnection, openUnixConnection, type OpenConnectionOptions } from "./streams/connection.js";
export { startServer, startUnixServer, Server, type ClientConnectedHandler, type StartServerOptions } from "./streams/server.js";
export { createSubprocessExec, createSubprocessShell, PIPE, STDOUT, DEVNULL, type SubprocessOptions, type StdioOption } from "./subprocess/spawn.js";
export { Process } from "./subprocess/process.js";
export { withProcess, type WithProcessOptions } from "./subprocess/with-process.js";
export { ThreadPoolExecutor, type ThreadPoolExecutorOptions, type ShutdownOptions } from "./executor/thread-pool.js";
export { toThread, type WorkerFunction } from "./executor/to-thread.js";
