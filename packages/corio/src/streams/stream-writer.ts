/**
 * StreamWriter: the writing end of a connection or pipe (asyncio's `StreamWriter`).
 *
 * `write()` hands bytes to Node at once and never blocks; flow control is `drain()`,
 * which waits only while Node's write buffer is over its high-water mark
 * (`writableNeedDrain`). So the usual loop `write(); yield* drain();` keeps memory
 * bounded by the high-water mark plus one message. A connection that failed makes
 * `drain()` throw its error (Node's `code` kept: `ECONNRESET`, `EPIPE`); one that closed
 * without an error throws "Connection lost" with code `ECONNRESET`, like asyncio, and a
 * child's stdin after the child exited throws "Broken pipe" with code `EPIPE`.
 */
import { TLSSocket } from "node:tls";
import type { Writable } from "node:stream";
import { RuntimeError } from "../errors.js";
import { describe } from "../internal/validate.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";
import { sleep } from "../task/sleep.js";
import type { StreamReader } from "./stream-reader.js";
import type { NodeStream, StreamTransport } from "./transport.js";

/** What `getExtraInfo` knows: `[host, port]` pairs, the Node socket, the TLS peer certificate. */
export type ExtraInfoKey = "peername" | "sockname" | "socket" | "peercert" | "cipher" | "pipe" | (string & {});

/**
 * The writing end of a stream. Create one with `openConnection`, `startServer` or a
 * subprocess with `stdin: PIPE`.
 *
 * @example
 * writer.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
 * yield* writer.drain();
 * writer.close();
 * yield* writer.waitClosed();
 */
export class StreamWriter {
  private closing = false;
  private eofWritten = false;

  /** @internal use openConnection, startServer or createSubprocessExec. */
  constructor(
    /** @internal */ readonly _transport: StreamTransport,
    private readonly reader: StreamReader | null,
  ) {}

  /** The Node stream underneath (a `net.Socket`, a `tls.TLSSocket`, a child's stdin). */
  get transport(): NodeStream {
    return this._transport.stream;
  }

  /**
   * Queues `data` for sending (strings are UTF-8). Never blocks: call `drain()` to wait
   * while too much is queued. Bytes written after the connection was lost are dropped
   * (the error surfaces in `drain()`).
   * @throws RuntimeError after `close()` or `writeEof()`.
   * @example writer.write(Buffer.from([1, 2, 3]));
   */
  write(data: Uint8Array | string): void {
    if (typeof data !== "string" && !(data instanceof Uint8Array)) {
      throw new TypeError(`write(data): expected a Uint8Array or a string, got ${describe(data)}`);
    }
    if (this.closing) throw new RuntimeError("write() after close()");
    if (this.eofWritten) throw new RuntimeError("write() after writeEof()");
    const s = this._transport.stream as Writable;
    if (s.destroyed || this._transport.error !== null) return;
    if (data.length === 0) return;
    s.write(data);
  }

  /**
   * Writes every item in order.
   * @example writer.writelines(["HTTP/1.1 200 OK\r\n", "\r\n", body]);
   */
  writelines(data: Iterable<Uint8Array | string>): void {
    for (const d of data) this.write(d);
  }

  /**
   * Waits until the write buffer is back under its high-water mark (returns at once if it
   * is). Throws the connection's error if the peer is gone. Cancelling it cancels only
   * the wait.
   * @example for (const chunk of chunks) { writer.write(chunk); yield* writer.drain(); }
   */
  drain(): Awaitable<void> {
    return lazy(() => this.drainGen());
  }

  /**
   * Whether `writeEof()` is possible: TCP and Unix sockets and pipes yes, TLS no (as in asyncio).
   * @example if (writer.canWriteEof()) writer.writeEof();
   */
  canWriteEof(): boolean {
    const s = this._transport.stream;
    return !(s instanceof TLSSocket) && this._transport.writable;
  }

  /**
   * Half-closes: sends EOF after what is buffered; the reading side stays open.
   * @throws RuntimeError if `canWriteEof()` is false.
   * @example writer.write(request); writer.writeEof(); const reply = yield* reader.read();
   */
  writeEof(): void {
    if (!this.canWriteEof()) throw new RuntimeError("writeEof() is not supported on a TLS stream");
    if (this.eofWritten || this.closing) return;
    this.eofWritten = true;
    (this._transport.stream as Writable).end();
  }

  /**
   * Whether `close()` was called or the connection is closed.
   * @example if (!writer.isClosing()) writer.write("bye\n");
   */
  isClosing(): boolean {
    return this.closing || this._transport.closed || this._transport.stream.destroyed;
  }

  /**
   * Closes the stream: what is buffered is flushed first, then both directions close.
   * Idempotent. Wait for the end with `waitClosed()`.
   * @example writer.close(); yield* writer.waitClosed();
   */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this._transport.close();
  }

  /**
   * Resolves once the stream is closed (its bytes flushed). Unlike asyncio it does not
   * re-raise the connection's error: that surfaces in reads and `drain()`.
   * @example writer.close(); yield* writer.waitClosed();
   */
  waitClosed(): Awaitable<void> {
    return lazy(() => this._transport.waitClose()[Symbol.iterator]());
  }

  /**
   * Connection details: `'peername'` / `'sockname'` → `[host, port]` (a Unix socket path
   * for Unix sockets), `'socket'` → the Node socket, `'peercert'` → the TLS peer
   * certificate, `'cipher'` → the TLS cipher; other keys → `defaultValue`.
   * @example const [host, port] = writer.getExtraInfo("peername") as [string, number];
   */
  getExtraInfo(name: ExtraInfoKey, defaultValue?: unknown): unknown {
    const s = this._transport.stream;
    if (name === "peercert") return s instanceof TLSSocket ? s.getPeerCertificate() : defaultValue;
    if (name === "cipher") return s instanceof TLSSocket ? s.getCipher() : defaultValue;
    const v = this._transport.extra[name];
    return v === undefined ? defaultValue : v;
  }

  private *drainGen(): Coro<void> {
    const t = this._transport;
    const rexc = this.reader?.exception();
    if (rexc !== undefined) throw rexc;
    if (t.error !== null) throw t.error;
    // Closing: give Node a turn to report the end (asyncio's sleep(0) here).
    if (this.isClosing() && !t.closed) yield* sleep(0);
    // Destroyed counts as gone even before its `close` event: Node destroys a child's stdin
    // when the child exits, and drops what is written after that without an error.
    if (t.isGone()) throw t.lostError();
    const s = t.stream as Writable;
    if (!s.writableNeedDrain) return;
    yield* t.waitDrain();
  }
}
