/**
 * startServer / startUnixServer and Server (asyncio's `start_server` and `Server`).
 *
 * Each accepted connection becomes a reader/writer pair and a task running the handler.
 * The task's end decides the connection's fate, as in asyncio: cancelled → the
 * connection is closed; failed → the error goes to the loop's exception handler and only
 * that connection is closed; returned → the connection is left as the handler left it.
 * The server never dies of one handler.
 *
 * Lifecycle: `close()` stops accepting (open connections live on), `closeClients()`
 * closes those too, `waitClosed()` resolves when the listener and every connection it
 * accepted are closed — Node's own `close` event on a server means exactly that.
 * Differences from asyncio: `close()` ends a pending `serveForever()` normally instead of
 * cancelling the task that waits in it.
 */
import { lstatSync, unlinkSync } from "node:fs";
import * as net from "node:net";
import * as tls from "node:tls";
import { RuntimeError } from "../errors.js";
import { OutsideFuture } from "../internal/outside-future.js";
import { describe } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import { getRunningLoop } from "../loop/running-loop.js";
import { isGeneratorFunction, type Awaitable, type Coro } from "../task/awaitable.js";
import { Future } from "../task/future.js";
import { lazy } from "../task/lazy.js";
import type { Task } from "../task/task.js";
import { wrapSocket } from "./connection.js";
import type { StreamReader } from "./stream-reader.js";
import type { StreamWriter } from "./stream-writer.js";

/** A connection handler: a coroutine function (or an async function) run as a task per connection. */
export type ClientConnectedHandler = (reader: StreamReader, writer: StreamWriter) => Coro<unknown> | PromiseLike<unknown> | void;

/** Options of {@link startServer} and {@link startUnixServer}. */
export interface StartServerOptions {
  /** Each reader's buffer limit in bytes (default 64 KiB). */
  limit?: number;
  /** Serve TLS with Node's `tls.createServer` options (`{ key, cert }` at least). */
  tls?: tls.TlsOptions;
  /** The listen backlog (default: Node's, 511). */
  backlog?: number;
}

/**
 * A listening server. Made by {@link startServer} / {@link startUnixServer}, already
 * accepting.
 *
 * @example
 * const server = yield* startServer(handler, "127.0.0.1", 0);
 * const { port } = server.address() as AddressInfo;
 * yield* server.serveForever(); // until cancelled or closed
 */
export class Server {
  private closed = false;
  private serving: Future<void> | null = null;
  private readonly clients = new Set<StreamWriter>();
  private readonly handlers = new Set<Task<unknown>>();
  private readonly done: Future<void>;

  /** @internal */
  constructor(
    private readonly loop: EventLoop,
    private readonly netServer: net.Server,
    private readonly handler: ClientConnectedHandler,
    private readonly limit: number | undefined,
    private readonly unixPath: string | null,
  ) {
    this.done = loop.createFuture<void>();
    netServer.on(netServer instanceof tls.Server ? "secureConnection" : "connection", this.onConnection);
    netServer.on("close", () => {
      if (!this.done.done() && !loop.isClosed()) this.done.setResult(undefined);
    });
    // A TLS handshake that fails concerns only that client (with a listener, Node leaves
    // destroying the socket to us).
    netServer.on("tlsClientError", (_err: Error, socket: tls.TLSSocket) => socket.destroy());
  }

  /** The listening Node servers (one). */
  get sockets(): readonly net.Server[] {
    return this.closed ? [] : [this.netServer];
  }

  /**
   * Node's `server.address()`: `{ address, family, port }` for TCP, the path for Unix.
   * @example const { port } = server.address() as AddressInfo;
   */
  address(): net.AddressInfo | string | null {
    return this.netServer.address();
  }

  /** The loop the handlers run on. */
  getLoop(): EventLoop {
    return this.loop;
  }

  /** True until `close()`. */
  isServing(): boolean {
    return !this.closed;
  }

  /**
   * Stops accepting new connections; open ones continue (see `closeClients`). Idempotent.
   * A pending `serveForever()` returns.
   * @example server.close(); yield* server.waitClosed();
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.netServer.close(() => {});
    const s = this.serving;
    if (s !== null && !s.done()) s.setResult(undefined);
  }

  /**
   * Closes every open connection (each flushes what it has queued first).
   * @example server.close(); server.closeClients();
   */
  closeClients(): void {
    for (const w of [...this.clients]) w.close();
  }

  /**
   * Drops every open connection at once, without flushing.
   * @example server.abortClients();
   */
  abortClients(): void {
    for (const w of [...this.clients]) w._transport.abort();
  }

  /**
   * Resolves once the server is closed and every connection it accepted has closed.
   * @example server.close(); server.closeClients(); yield* server.waitClosed();
   */
  waitClosed(): Awaitable<void> {
    return lazy(() => this.done[Symbol.iterator]());
  }

  /**
   * Waits until the server is closed. Cancelling the waiting task closes the server and
   * waits for its connections (asyncio's `serve_forever`).
   * @throws RuntimeError if another task already waits in serveForever, or the server is closed.
   * @example
   * const server = yield* startServer(handler, "127.0.0.1", 8080);
   * yield* server.serveForever();
   */
  serveForever(): Awaitable<void> {
    return lazy(() => this.serveForeverGen());
  }

  /** Closes the server and its clients and waits for the end (for `await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    this.closeClients();
    await this.done;
  }

  private *serveForeverGen(): Coro<void> {
    if (this.serving !== null) throw new RuntimeError("serveForever() is already running for this server");
    if (this.closed) throw new RuntimeError(`server ${JSON.stringify(this.address())} is closed`);
    const f = (this.serving = this.loop.createFuture<void>());
    try {
      yield* f;
    } catch (e) {
      this.close();
      yield* this.done;
      throw e;
    } finally {
      this.serving = null;
    }
  }

  private readonly onConnection = (socket: net.Socket): void => {
    const loop = this.loop;
    if (loop.isClosed()) {
      socket.destroy();
      return;
    }
    if (this.unixPath === null) socket.setNoDelay(true);
    const extra = this.unixPath === null ? {} : { sockname: this.unixPath, peername: "" };
    const [reader, writer] = wrapSocket(loop, socket, this.limit, extra);
    this.clients.add(writer);
    socket.once("close", () => this.clients.delete(writer));
    const handler = this.handler;
    // A generator handler is passed as its coroutine: wrapped in an arrow it would look
    // like a possible async function and switch on async-context tracking for nothing.
    const source = isGeneratorFunction(handler) ? (handler(reader, writer) as Coro<unknown>) : () => handler(reader, writer) as Coro<unknown>;
    const task = loop.createTask(source, { name: `client ${describePeer(writer)}` });
    this.handlers.add(task);
    task.addDoneCallback((t) => {
      this.handlers.delete(task);
      if (t.cancelled()) {
        writer.close();
        return;
      }
      const exception = t.exception();
      if (exception !== undefined) {
        loop.callExceptionHandler({ message: "Unhandled exception in client_connected_cb (the connection was closed)", exception, task });
        writer._transport.abort();
      }
    });
  };
}

function describePeer(w: StreamWriter): string {
  const p = w.getExtraInfo("peername");
  return Array.isArray(p) ? `${p[0]}:${p[1]}` : String(p ?? "?");
}

/**
 * Listens on `host:port` (TCP, or TLS with `tls`) and runs `handler(reader, writer)` as a
 * task for each connection. Port 0 picks a free port (see `server.address()`); a `null`
 * host listens on every interface.
 *
 * @example
 * function* echo(reader: StreamReader, writer: StreamWriter) {
 *   const data = yield* reader.read(2048);
 *   writer.write(data);
 *   yield* writer.drain();
 *   writer.close();
 * }
 * const server = yield* startServer(echo, "127.0.0.1", 8080);
 * yield* server.serveForever();
 */
export function startServer(handler: ClientConnectedHandler, host: string | null, port: number, options: StartServerOptions = {}): Awaitable<Server> {
  checkHandler(handler);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`startServer(port): expected an integer 0..65535, got ${describe(port)}`);
  return lazy(() => listenGen(handler, options, null, { host: host ?? undefined, port, backlog: options.backlog }));
}

/**
 * Like {@link startServer} on a Unix domain socket at `path` (a stale socket file there is
 * removed first, as asyncio does; Node removes it again on close).
 *
 * @example
 * const server = yield* startUnixServer(handler, "/tmp/app.sock");
 */
export function startUnixServer(handler: ClientConnectedHandler, path: string, options: StartServerOptions = {}): Awaitable<Server> {
  checkHandler(handler);
  if (typeof path !== "string" || path === "") throw new TypeError(`startUnixServer(path): expected a socket path, got ${describe(path)}`);
  return lazy(() => {
    removeStaleSocket(path);
    return listenGen(handler, options, path, { path, backlog: options.backlog });
  });
}

function checkHandler(handler: unknown): void {
  if (typeof handler !== "function") throw new TypeError(`startServer(handler): expected a function (reader, writer) => coroutine, got ${describe(handler)}`);
}

function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // absent, or not ours to remove: listen() reports the real problem
  }
}

function* listenGen(handler: ClientConnectedHandler, options: StartServerOptions, unixPath: string | null, listenOptions: net.ListenOptions): Coro<Server> {
  const loop = getRunningLoop();
  // TLS has no half-close (asyncio's SSL transport closes on EOF too); a half-open TLS
  // socket whose handshake never finished would keep the server from closing.
  const netServer = options.tls ? tls.createServer({ ...options.tls }) : net.createServer({ allowHalfOpen: true });
  // Built before listening so that no connection can arrive without a handler.
  const server = new Server(loop, netServer, handler, options.limit, unixPath);
  const listening = new OutsideFuture<void>(loop, () => netServer.close());
  const onErr = (e: Error) => listening.reject(e);
  netServer.once("error", onErr);
  netServer.listen(listenOptions, () => listening.resolve(undefined));
  try {
    yield* listening;
  } finally {
    netServer.off("error", onErr);
  }
  // Errors after listening (EMFILE on accept) must not crash the process.
  netServer.on("error", (exception) => loop.callExceptionHandler({ message: "server error", exception }));
  return server;
}
