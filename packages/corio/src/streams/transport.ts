/**
 * The glue between one Node stream (a socket, a TLS socket, a child's pipe) and corio's
 * StreamReader/StreamWriter: asyncio's transport + StreamReaderProtocol in one object.
 *
 * Node events become reader and writer state: `data` → the reader's buffer, `end` → EOF,
 * `error` → the first error is kept (drain and reads throw it), `drain` → waiting
 * `drain()`s resume, `close` → EOF for the reader, "connection lost" for the drains, and
 * `waitClosed()` resolves. The reader pauses and resumes the stream through
 * `ReadFlowControl`. Not exported: users see only the reader and the writer.
 * @internal
 */
import type { Duplex, Readable, Writable } from "node:stream";
import { OutsideFuture } from "../internal/outside-future.js";
import type { EventLoop } from "../loop/event-loop.js";
import type { Future } from "../task/future.js";
import { StreamReader, type ReadFlowControl } from "./stream-reader.js";

/** A Node stream corio can wrap. */
export type NodeStream = Readable | Writable | Duplex;

/** The error `drain()` raises when the connection closed without an error of its own. */
export function connectionLost(): Error {
  return Object.assign(new Error("Connection lost"), { code: "ECONNRESET" });
}

/**
 * The error `drain()` raises on a pipe whose reader is gone (a child process that exited):
 * Node destroys a child's stdin when the child exits, so writes are dropped without an
 * error of their own; the writer reports the broken pipe the way a write to it would.
 */
export function brokenPipe(): Error {
  return Object.assign(new Error("Broken pipe: the process reading this pipe has exited or closed it"), { code: "EPIPE", errno: -32, syscall: "write" });
}

function isReadable(s: NodeStream): s is Readable {
  return typeof (s as Readable).read === "function";
}

function isWritable(s: NodeStream): s is Writable {
  return typeof (s as Writable).write === "function";
}

/** @internal */
export class StreamTransport implements ReadFlowControl {
  /** The first error the stream emitted. */
  error: Error | null = null;
  /** Node emitted `close`: nothing more will be read or written. */
  closed = false;
  readonly readable: boolean;
  readonly writable: boolean;
  private readonly drainWaiters = new Set<OutsideFuture<void>>();
  private readonly closeWaiters = new Set<OutsideFuture<void>>();

  constructor(
    readonly loop: EventLoop,
    readonly stream: NodeStream,
    readonly reader: StreamReader | null,
    /** What `getExtraInfo` answers; computed at connect time (Node forgets addresses once closed). */
    readonly extra: Record<string, unknown>,
  ) {
    this.readable = reader !== null && isReadable(stream);
    this.writable = isWritable(stream);
    stream.on("error", this.onError);
    stream.on("close", this.onClose);
    if (this.readable) {
      reader!.setFlowControl(this);
      stream.on("data", (chunk: Buffer | string) => reader!._feed(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
      stream.on("end", () => reader!.feedEof());
    }
    if (this.writable) stream.on("drain", this.onDrain);
  }

  /** Why nothing more can be written: the stream's error, else a broken pipe or a lost connection. */
  lostError(): Error {
    return this.error ?? (this.extra.pipe !== undefined ? brokenPipe() : connectionLost());
  }

  /** Nothing more can be written: Node closed or destroyed the stream. */
  isGone(): boolean {
    return this.closed || this.stream.destroyed;
  }

  pauseReading(): void {
    (this.stream as Readable).pause();
  }

  resumeReading(): void {
    (this.stream as Readable).resume();
  }

  /** A future that resolves at the next `drain` (or rejects when the connection fails). */
  waitDrain(): OutsideFuture<void> {
    const f: OutsideFuture<void> = new OutsideFuture<void>(this.loop, () => this.drainWaiters.delete(f));
    this.drainWaiters.add(f);
    return f;
  }

  /** A future that resolves once Node closed the stream. */
  waitClose(): Future<void> {
    const f: OutsideFuture<void> = new OutsideFuture<void>(this.loop, () => this.closeWaiters.delete(f));
    if (this.closed) f.resolve(undefined);
    else this.closeWaiters.add(f);
    return f;
  }

  /** Flushes what is buffered, then closes both directions. */
  close(): void {
    const s = this.stream;
    if (s.destroyed) return;
    if (!this.writable) {
      s.destroy();
      return;
    }
    const w = s as Writable;
    if (!w.writableEnded) w.end();
    if (w.writableFinished) s.destroy();
    else w.once("finish", () => s.destroy());
  }

  /** Closes at once, dropping buffered bytes. */
  abort(): void {
    this.stream.destroy();
  }

  private readonly onError = (err: Error): void => {
    this.error ??= err;
    const r = this.reader;
    // After EOF the reader keeps what it has: a late write error (EPIPE) must not eat it.
    if (r !== null && this.readable && !r.atEof() && r.exception() === undefined && !readerEnded(this.stream)) r.setException(err);
    this.rejectDrains(err);
  };

  private readonly onClose = (): void => {
    this.closed = true;
    const r = this.reader;
    if (r !== null && this.readable && r.exception() === undefined) r.feedEof();
    this.rejectDrains(this.lostError());
    const waiters = [...this.closeWaiters];
    this.closeWaiters.clear();
    for (const f of waiters) f.resolve(undefined);
  };

  private readonly onDrain = (): void => {
    const waiters = [...this.drainWaiters];
    this.drainWaiters.clear();
    for (const f of waiters) f.resolve(undefined);
  };

  private rejectDrains(err: Error): void {
    const waiters = [...this.drainWaiters];
    this.drainWaiters.clear();
    for (const f of waiters) f.reject(err);
  }
}

function readerEnded(s: NodeStream): boolean {
  return (s as Readable).readableEnded === true;
}
