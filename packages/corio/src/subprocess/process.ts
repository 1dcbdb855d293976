/**
 * Process: a running child with corio streams on its pipes (asyncio's `Process`).
 *
 * `returncode` is set when the child exits (`-signal` if a signal ended it); `wait()`
 * resolves once it has exited AND its stdout/stderr pipes are closed (asyncio 3.12+:
 * so no output is lost to a race). `communicate()` feeds stdin and reads both pipes
 * concurrently, so a child that fills one pipe while we wait on the other cannot
 * deadlock. As in asyncio, cancelling `wait()`/`communicate()` does not touch the child;
 * `killOnCancel` (or `withProcess`) is the way never to leak one.
 */
import type { ChildProcess } from "node:child_process";
import { constants } from "node:os";
import type { Readable } from "node:stream";
import { isCancelled } from "../errors.js";
import { gather } from "../compose/gather.js";
import { OutsideFuture } from "../internal/outside-future.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";
import { StreamReader } from "../streams/stream-reader.js";
import { StreamWriter } from "../streams/stream-writer.js";
import { StreamTransport } from "../streams/transport.js";

/** @internal how a Process was configured, from spawn.ts. */
export interface ProcessConfig {
  limit: number | undefined;
  stdinPipe: boolean;
  stdoutPipe: boolean;
  stderrPipe: boolean;
  /** stderr goes into the stdout reader (`stderr: STDOUT` with `stdout: PIPE`). */
  mergeStderr: boolean;
  killOnCancel: boolean;
  killGraceMs: number;
}

/**
 * A child process started by `createSubprocessExec` or `createSubprocessShell`.
 *
 * @example
 * const proc = yield* createSubprocessExec("ls", ["-l"], { stdout: PIPE });
 * const [out] = yield* proc.communicate();
 * console.log(proc.returncode, out!.toString());
 */
export class Process {
  /** Writes to the child's stdin (`stdin: PIPE`), else `null`. */
  readonly stdin: StreamWriter | null = null;
  /** Reads the child's stdout (`stdout: PIPE`), else `null`. */
  readonly stdout: StreamReader | null = null;
  /** Reads the child's stderr (`stderr: PIPE`), else `null`. */
  readonly stderr: StreamReader | null = null;
  private code: number | null = null;
  private finished = false;
  private readonly exitWaiters = new Set<OutsideFuture<void>>();
  private readonly finishWaiters = new Set<OutsideFuture<number>>();

  /** @internal use createSubprocessExec / createSubprocessShell. */
  constructor(
    private readonly loop: EventLoop,
    /** @internal */ readonly _child: ChildProcess,
    private readonly config: ProcessConfig,
  ) {
    if (config.stdinPipe && _child.stdin) {
      const t = new StreamTransport(loop, _child.stdin, null, { pipe: _child.stdin });
      this.stdin = new StreamWriter(t, null);
    }
    if (config.stdoutPipe && _child.stdout) {
      const r = new StreamReader({ limit: config.limit, loop });
      pipeInto(r, config.mergeStderr && _child.stderr ? [_child.stdout, _child.stderr] : [_child.stdout]);
      this.stdout = r;
    }
    if (config.stderrPipe && !config.mergeStderr && _child.stderr) {
      const r = new StreamReader({ limit: config.limit, loop });
      pipeInto(r, [_child.stderr]);
      this.stderr = r;
    }
    _child.on("exit", (code, signal) => {
      this.code = code ?? -((signal && constants.signals[signal]) || 0);
      const ws = [...this.exitWaiters];
      this.exitWaiters.clear();
      for (const w of ws) w.resolve(undefined);
    });
    _child.on("close", () => {
      this.finished = true;
      const ws = [...this.finishWaiters];
      this.finishWaiters.clear();
      for (const w of ws) w.resolve(this.code!);
    });
  }

  /** The child's process id. */
  get pid(): number {
    return this._child.pid!;
  }

  /** The exit code; `null` while running; `-N` if signal N ended it. */
  get returncode(): number | null {
    return this.code;
  }

  /**
   * Waits for the child to exit (and its output pipes to close); resolves to the return code.
   * With `stdout: PIPE`, read the output (or use `communicate`) or a chatty child blocks
   * on a full pipe forever — as in asyncio.
   * @example const code = yield* proc.wait();
   */
  wait(): Awaitable<number> {
    return lazy(() => this.guard(this.waitGen()));
  }

  /**
   * Sends `input` to stdin (then closes it), reads stdout and stderr to the end, waits for
   * the exit, and resolves to `[stdout, stderr]` (`null` for a stream that is not piped).
   * @example const [out, err] = yield* proc.communicate(Buffer.from("data"));
   */
  communicate(input?: Uint8Array | string): Awaitable<[Buffer | null, Buffer | null]> {
    return lazy(() => this.guard(this.communicateGen(input)));
  }

  /**
   * Sends `signal` (a name like `"SIGINT"` or a number). A no-op once the child has exited.
   * @example proc.sendSignal("SIGINT");
   */
  sendSignal(signal: NodeJS.Signals | number): void {
    if (this.code !== null) return;
    this._child.kill(signal);
  }

  /**
   * Sends SIGTERM.
   * @example proc.terminate(); yield* proc.wait();
   */
  terminate(): void {
    this.sendSignal("SIGTERM");
  }

  /**
   * Sends SIGKILL.
   * @example proc.kill(); yield* proc.wait();
   */
  kill(): void {
    this.sendSignal("SIGKILL");
  }

  /** @internal SIGTERM, up to `graceMs` for the exit, then SIGKILL; waits for the exit. */
  *_terminateAndWait(graceMs: number = this.config.killGraceMs): Coro<void> {
    if (this.code !== null) return;
    this.terminate();
    const exited: OutsideFuture<void> = new OutsideFuture<void>(this.loop, () => this.exitWaiters.delete(exited), "process exit");
    this.exitWaiters.add(exited);
    const timer = this.loop.callLater(graceMs, () => this.kill());
    try {
      yield* exited;
    } finally {
      timer.cancel();
    }
  }

  /** Applies `killOnCancel`: a cancelled wait takes the child down before re-raising. */
  private *guard<T>(body: Coro<T>): Coro<T> {
    try {
      return yield* body;
    } catch (e) {
      if (isCancelled(e) && this.config.killOnCancel) yield* this._terminateAndWait();
      throw e;
    }
  }

  private *waitGen(): Coro<number> {
    if (this.finished) return this.code!;
    const f: OutsideFuture<number> = new OutsideFuture<number>(this.loop, () => this.finishWaiters.delete(f), "process exit");
    this.finishWaiters.add(f);
    return yield* f;
  }

  private *communicateGen(input: Uint8Array | string | undefined): Coro<[Buffer | null, Buffer | null]> {
    const [, out, err] = yield* gather([
      this.stdin !== null ? feedStdin(this.stdin, input) : nothing(),
      this.stdout !== null ? readAll(this.stdout) : nothing(),
      this.stderr !== null ? readAll(this.stderr) : nothing(),
    ]);
    yield* this.waitGen();
    return [out as Buffer | null, err as Buffer | null];
  }
}

// eslint-disable-next-line require-yield
function* nothing(): Coro<null> {
  return null;
}

function* readAll(r: StreamReader): Coro<Buffer | null> {
  return yield* r.read(-1);
}

function* feedStdin(stdin: StreamWriter, input: Uint8Array | string | undefined): Coro<null> {
  try {
    if (input !== undefined && input.length > 0) {
      stdin.write(input);
      yield* stdin.drain();
    }
  } catch (e) {
    // The child stopped reading (exited early): not an error of communicate(), as in asyncio.
    const code = (e as { code?: string }).code;
    if (code !== "EPIPE" && code !== "ECONNRESET") throw e;
  }
  stdin.close();
  return null;
}

/** Feeds a reader from one or more pipes (two when stderr is merged into stdout). */
function pipeInto(reader: StreamReader, streams: Readable[]): void {
  let open = streams.length;
  reader.setFlowControl({
    pauseReading: () => streams.forEach((s) => s.pause()),
    resumeReading: () => streams.forEach((s) => s.resume()),
  });
  for (const s of streams) {
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      if (--open === 0) reader.feedEof();
    };
    s.on("data", (c: Buffer) => reader._feed(c));
    s.on("end", end);
    s.on("close", end);
    s.on("error", (e) => {
      if (reader.exception() === undefined && !reader.atEof()) reader.setException(e);
    });
  }
}
