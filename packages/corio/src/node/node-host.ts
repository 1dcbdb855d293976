/**
 * Node's answers to what the core asks its host (host/host.ts): `process.env`, stderr,
 * exit codes and signals, `AsyncLocalStorage`, and the worker-thread pool. Bun and Deno
 * run it too (they provide these `node:` modules and globals).
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import process from "node:process";
import { ThreadPoolExecutor } from "../executor/thread-pool.js";
import type { Host } from "../host/host.js";

export const nodeHost: Host = {
  name: "node",
  env: (name) => process.env[name],
  writeError: (text) => void process.stderr.write(text),
  writeOut: (text) => void process.stdout.write(text),
  exit: (code, onlyCode) => {
    process.exitCode = code;
    if (onlyCode !== true) process.exit(code);
  },
  onExit: (when, fn) => void process.on(when, fn),
  onSignal: (signal, fn) => {
    process.on(signal, fn);
    return true;
  },
  offSignal: (signal, fn) => void process.off(signal, fn),
  processInfo: () => ({ pid: process.pid, argv: process.argv }),
  createAsyncStore: <T>() => new AsyncLocalStorage<T>(),
  createDefaultExecutor: () => new ThreadPoolExecutor(),
};
