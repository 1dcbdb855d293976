/**
 * openConnection / openUnixConnection: connect, then hand back `[reader, writer]`
 * (asyncio's `open_connection`).
 *
 * Connecting is one outside wait whose undo destroys the half-open socket, so cancelling
 * the task (or aborting `signal`) never leaks a socket. TCP sockets get `TCP_NODELAY`
 * like asyncio's, and plain sockets are half-open capable (`allowHalfOpen`) so
 * `writeEof()` and reading after the peer's EOF both work (TLS closes on EOF, as in asyncio).
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { OutsideFuture } from "../internal/outside-future.js";
import { describe } from "../internal/validate.js";
import type { EventLoop } from "../loop/event-loop.js";
import { getRunningLoop } from "../loop/running-loop.js";
import type { Awaitable, Coro } from "../task/awaitable.js";
import { lazy } from "../task/lazy.js";
import { StreamReader } from "./stream-reader.js";
import { StreamWriter } from "./stream-writer.js";
import { StreamTransport } from "./transport.js";

/** Options of {@link openConnection} and {@link openUnixConnection}. */
export interface OpenConnectionOptions {
  /** The reader's buffer limit in bytes (default 64 KiB). */
  limit?: number;
  /**
   * TLS: `true` or Node's `tls.connect` options (`{ ca }`, `{ servername }`…).
   * Certificates are verified by default. Default: plain TCP.
   */
  tls?: boolean | tls.ConnectionOptions;
  /** Aborting it while connecting destroys the socket and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Local address to bind before connecting. */
  localAddress?: string;
}

/** @internal wraps a connected socket in a reader/writer pair on `loop`. */
export function wrapSocket(loop: EventLoop, socket: net.Socket, limit: number | undefined, extra: Record<string, unknown> = {}): [StreamReader, StreamWriter] {
  const reader = new StreamReader({ limit, loop });
  const info: Record<string, unknown> = { socket, ...extra };
  if (socket.remoteAddress !== undefined) info.peername ??= [socket.remoteAddress, socket.remotePort];
  if (socket.localAddress !== undefined) info.sockname ??= [socket.localAddress, socket.localPort];
  const transport = new StreamTransport(loop, socket, reader, info);
  return [reader, new StreamWriter(transport, reader)];
}

/**
 * Connects over TCP (or TLS with `tls`) and resolves to `[reader, writer]`. Failures keep
 * Node's error `code` (`ECONNREFUSED`, `ENOTFOUND`, TLS verification errors…).
 *
 * @example
 * const [reader, writer] = yield* openConnection("127.0.0.1", 8080);
 * writer.write("hello\n");
 * const reply = yield* reader.readline();
 * @example
 * const [r, w] = await openConnection("example.com", 443, { tls: true });
 */
export function openConnection(host: string, port: number, options: OpenConnectionOptions = {}): Awaitable<[StreamReader, StreamWriter]> {
  if (typeof host !== "string") throw new TypeError(`openConnection(host): expected a string, got ${describe(host)}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`openConnection(port): expected an integer 0..65535, got ${describe(port)}`);
  return lazy(() =>
    connectGen(options, () => {
      const base = { host, port, noDelay: true, localAddress: options.localAddress };
      if (!options.tls) return { socket: net.connect({ ...base, allowHalfOpen: true }), event: "connect" };
      const t = options.tls === true ? {} : options.tls;
      const servername = t.servername ?? (net.isIP(host) === 0 ? host : undefined);
      return { socket: tls.connect({ ...t, ...base, servername }), event: "secureConnect" };
    }),
  );
}

/**
 * Connects to a Unix domain socket and resolves to `[reader, writer]`.
 *
 * @example
 * const [reader, writer] = yield* openUnixConnection("/tmp/app.sock");
 */
export function openUnixConnection(path: string, options: Omit<OpenConnectionOptions, "localAddress"> = {}): Awaitable<[StreamReader, StreamWriter]> {
  if (typeof path !== "string" || path === "") throw new TypeError(`openUnixConnection(path): expected a socket path, got ${describe(path)}`);
  return lazy(() =>
    connectGen(
      options,
      () => {
        if (!options.tls) return { socket: net.connect({ path, allowHalfOpen: true }), event: "connect" };
        const t = options.tls === true ? {} : options.tls;
        return { socket: tls.connect({ ...t, path }), event: "secureConnect" };
      },
      { peername: path, sockname: "" },
    ),
  );
}

function* connectGen(
  options: OpenConnectionOptions,
  open: () => { socket: net.Socket; event: string },
  extra: Record<string, unknown> = {},
): Coro<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  const signal = options.signal;
  signal?.throwIfAborted();
  const { socket, event } = open();
  const connected = new OutsideFuture<void>(loop, () => socket.destroy(), "connect");
  const onOk = () => connected.resolve(undefined);
  const onErr = (e: Error) => connected.reject(e);
  const onAbort = () => {
    socket.destroy();
    connected.reject(signal!.reason);
  };
  socket.once(event, onOk);
  socket.once("error", onErr);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    yield* connected;
  } catch (e) {
    socket.destroy();
    throw e;
  } finally {
    socket.off(event, onOk);
    socket.off("error", onErr);
    signal?.removeEventListener("abort", onAbort);
  }
  return wrapSocket(loop, socket, options.limit, extra);
}
