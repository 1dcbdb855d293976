/**
 * createSubprocessExec / createSubprocessShell and the stdio constants (asyncio's
 * `create_subprocess_exec`/`_shell`, `PIPE`, `STDOUT`, `DEVNULL`).
 *
 * Spawning is an outside wait: it resolves on Node's `spawn` event and rejects on its
 * `error` (a missing program → `ENOENT`), never leaving a half-made Process behind.
 * `stderr: STDOUT` with `stdout: PIPE` reads both pipes into the one stdout reader in
 * arrival order (Node cannot hand a child one pipe for both); with any other stdout,
 * stderr simply goes where stdout goes.
 */
import { spawn as nodeSpawn, type ChildProcess, type IOType, type SpawnOptions } from "node:child_process";
import type { Stream } from "node:stream";
import { OutsideFuture } from "../internal/outside-future.js";
import { describe } from "../internal/validate.js";
import { getRunningLoop } from "../loop/running-loop.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";
import { Process } from "./process.js";

/**
 * Connect the stream to a pipe: `proc.stdin` / `proc.stdout` / `proc.stderr` become corio streams.
 * @example const proc = yield* createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
 */
export const PIPE = "pipe" as const;
/**
 * For `stderr` only: send it where stdout goes (`2>&1`).
 * @example const proc = yield* createSubprocessShell("make", { stdout: PIPE, stderr: STDOUT });
 */
export const STDOUT = "stdout" as const;
/**
 * Connect the stream to the null device.
 * @example const proc = yield* createSubprocessExec("noisy", [], { stdout: DEVNULL });
 */
export const DEVNULL = "devnull" as const;

/** Where a child's stream goes: a pipe, the null device, this process's own stream (`"inherit"`, the default), a file descriptor or a Node stream. */
export type StdioOption = typeof PIPE | typeof DEVNULL | "inherit" | number | Stream | null | undefined;

/** Options of {@link createSubprocessExec} and {@link createSubprocessShell}. */
export interface SubprocessOptions {
  stdin?: StdioOption;
  stdout?: StdioOption;
  /** As the others, plus {@link STDOUT}. */
  stderr?: StdioOption | typeof STDOUT;
  /** Working directory. */
  cwd?: string | URL;
  /** Environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Buffer limit of the stdout/stderr readers in bytes (default 64 KiB). */
  limit?: number;
  /**
   * When the task waiting in `wait()` or `communicate()` is cancelled: SIGTERM, up to
   * `killGraceMs` for the child to exit, then SIGKILL; the cancellation then continues.
   * Default `false` (asyncio: the child keeps running). See also `withProcess`.
   */
  killOnCancel?: boolean;
  /** Grace period between SIGTERM and SIGKILL, in ms (default 5000, Trio's). */
  killGraceMs?: number;
  /** Extra Node `spawn` options (uid, gid, detached, windowsHide…). */
  spawnOptions?: Omit<SpawnOptions, "stdio" | "cwd" | "env" | "shell">;
}

/**
 * Runs `program` with `args` (no shell) and resolves to a {@link Process} once it has
 * started. A program that cannot be found rejects with Node's `ENOENT` error.
 *
 * @example
 * const proc = yield* createSubprocessExec("git", ["status", "--short"], { stdout: PIPE });
 * const [out] = yield* proc.communicate();
 */
export function createSubprocessExec(program: string, args: readonly string[] = [], options: SubprocessOptions = {}): Awaitable<Process> {
  if (typeof program !== "string" || program === "") throw new TypeError(`createSubprocessExec(program): expected a program name, got ${describe(program)}`);
  if (!Array.isArray(args)) throw new TypeError(`createSubprocessExec(args): expected an array of strings, got ${describe(args)}`);
  return lazy(() => spawnGen(program, args, options, false));
}

/**
 * Runs `cmd` through the shell (`/bin/sh -c` on POSIX) and resolves to a {@link Process}.
 * Quote untrusted input yourself, or use `createSubprocessExec`.
 *
 * @example
 * const proc = yield* createSubprocessShell("ls /zzz", { stdout: PIPE, stderr: PIPE });
 * const [out, err] = yield* proc.communicate();
 */
export function createSubprocessShell(cmd: string, options: SubprocessOptions = {}): Awaitable<Process> {
  if (typeof cmd !== "string" || cmd === "") throw new TypeError(`createSubprocessShell(cmd): expected a command line, got ${describe(cmd)}`);
  return lazy(() => spawnGen(cmd, [], options, true));
}

function toNode(o: StdioOption, what: string): IOType | number | Stream {
  if (o === undefined || o === null || o === "inherit") return "inherit";
  if (o === PIPE) return "pipe";
  if (o === DEVNULL) return "ignore";
  if (typeof o === "number" || (typeof o === "object" && typeof (o as Stream).pipe === "function")) return o as number | Stream;
  throw new TypeError(`${what}: expected PIPE, DEVNULL, "inherit", a file descriptor or a stream, got ${describe(o)}`);
}

function* spawnGen(file: string, args: readonly string[], options: SubprocessOptions, shell: boolean): Coro<Process> {
  const loop = getRunningLoop();
  const stdin = toNode(options.stdin, "stdin");
  const stdout = toNode(options.stdout, "stdout");
  const mergeStderr = options.stderr === STDOUT;
  let stderr: IOType | number | Stream;
  if (mergeStderr) stderr = stdout === "inherit" ? 1 : stdout; // "pipe": a second pipe, merged by Process
  else stderr = toNode(options.stderr as StdioOption, "stderr");
  const graceMs = options.killGraceMs ?? 5000;
  if (!(graceMs >= 0)) throw new RangeError(`killGraceMs: expected a non-negative number of ms, got ${describe(graceMs)}`);
  const child: ChildProcess = nodeSpawn(file, args as string[], {
    ...options.spawnOptions,
    cwd: options.cwd,
    env: options.env,
    shell,
    stdio: [stdin, stdout, stderr],
  });
  // The Process listens from the first moment: a quick child may write, exit and close
  // its pipes before this task runs again.
  const proc = new Process(loop, child, {
    limit: options.limit,
    stdinPipe: stdin === "pipe",
    stdoutPipe: stdout === "pipe",
    stderrPipe: stderr === "pipe",
    mergeStderr: mergeStderr && stdout === "pipe",
    killOnCancel: options.killOnCancel ?? false,
    killGraceMs: graceMs,
  });
  const started = new OutsideFuture<void>(loop, () => child.kill("SIGKILL"));
  const onSpawn = () => started.resolve(undefined);
  const onError = (e: Error) => started.reject(e);
  child.once("spawn", onSpawn);
  child.once("error", onError);
  try {
    yield* started;
  } finally {
    child.off("spawn", onSpawn);
    child.off("error", onError);
  }
  // Later errors (a failed kill) must not crash the process; they show in returncode.
  child.on("error", () => {});
  return proc;
}
