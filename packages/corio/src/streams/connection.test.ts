import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  gather,
  getRunningLoop,
  openConnection,
  openUnixConnection,
  run,
  RuntimeError,
  sleep,
  startServer,
  startUnixServer,
  waitFor,
  TimeoutError,
  type Coro,
  type ExceptionContext,
  type Server,
  type StreamReader,
  type StreamWriter,
} from "corio";

const opts = { handleSignals: false };
const portOf = (s: Server) => (s.address() as AddressInfo).port;

function* echoHandler(reader: StreamReader, writer: StreamWriter): Coro<void> {
  for (;;) {
    const data = yield* reader.read(65536);
    if (data.length === 0) break;
    writer.write(data);
    yield* writer.drain();
  }
  writer.close();
}

describe("openConnection / startServer", () => {
  it("round-trips bytes and reports addresses", async () => {
    const r = await run(function* () {
      const server = yield* startServer(echoHandler, "127.0.0.1", 0);
      const port = portOf(server);
      const [reader, writer] = yield* openConnection("127.0.0.1", port);
      writer.writelines(["hello ", Buffer.from("world\n")]);
      yield* writer.drain();
      const line = (yield* reader.readline()).toString();
      const peer = writer.getExtraInfo("peername");
      const sock = writer.getExtraInfo("sockname") as [string, number];
      const unknown = writer.getExtraInfo("nope");
      const hasSocket = writer.getExtraInfo("socket") instanceof net.Socket;
      writer.close();
      yield* writer.waitClosed();
      server.close();
      yield* server.waitClosed();
      return { line, peer, sockHost: sock[0], unknown, hasSocket, port };
    }, opts);
    expect(r.line).toBe("hello world\n");
    expect(r.peer).toEqual(["127.0.0.1", r.port]);
    expect(r.sockHost).toBe("127.0.0.1");
    expect(r.unknown).toBeUndefined();
    expect(r.hasSocket).toBe(true);
  });

  it("half-close: writeEof sends EOF, the reply still arrives", async () => {
    const r = await run(function* () {
      const server = yield* startServer(function* (reader, writer) {
        const all = yield* reader.read(); // until the client's EOF
        writer.write(`got ${all.length} bytes`);
        writer.close();
      }, "127.0.0.1", 0);
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      expect(writer.canWriteEof()).toBe(true);
      writer.write("x".repeat(100_000));
      writer.writeEof();
      let refused = false;
      try {
        writer.write("more");
      } catch (e) {
        refused = e instanceof RuntimeError;
      }
      const reply = (yield* reader.read()).toString();
      const eof = reader.atEof();
      writer.close();
      server.close();
      yield* server.waitClosed();
      return { reply, eof, refused };
    }, opts);
    expect(r).toEqual({ reply: "got 100000 bytes", eof: true, refused: true });
  });

  it("partial reads: messages split and merged across TCP chunks are reassembled", async () => {
    const r = await run(function* () {
      const server = yield* startServer(function* (_reader, writer) {
        // 200 length-prefixed frames written in odd-sized slices
        const frames = Buffer.concat(
          Array.from({ length: 200 }, (_, i) => {
            const body = Buffer.alloc(i * 37 + 1, i % 256);
            const head = Buffer.alloc(4);
            head.writeUInt32BE(body.length);
            return Buffer.concat([head, body]);
          }),
        );
        for (let off = 0; off < frames.length; off += 1013) {
          writer.write(frames.subarray(off, off + 1013));
          if (off % 7 === 0) yield* sleep(0);
        }
        yield* writer.drain();
        writer.close();
      }, "127.0.0.1", 0);
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      let ok = 0;
      for (let i = 0; i < 200; i++) {
        const len = (yield* reader.readexactly(4)).readUInt32BE(0);
        const body = yield* reader.readexactly(len);
        if (len === i * 37 + 1 && body.every((b) => b === i % 256)) ok++;
      }
      const end = yield* reader.read();
      writer.close();
      server.close();
      yield* server.waitClosed();
      return [ok, end.length];
    }, opts);
    expect(r).toEqual([200, 0]);
  });

  it("connection refused keeps Node's code", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const code = await run(function* () {
      try {
        yield* openConnection("127.0.0.1", port);
      } catch (e) {
        return (e as NodeJS.ErrnoException).code;
      }
    }, opts);
    expect(code).toBe("ECONNREFUSED");
  });

  it("cancelling a connect tears the socket down; a signal does the same", async () => {
    // A plain TCP server that never answers a TLS handshake: the connect hangs.
    const closed: string[] = [];
    const silent = net.createServer((s) => s.on("close", () => closed.push("server side closed")).resume());
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as AddressInfo).port;
    const r = await run(function* () {
      let timedOut = false;
      try {
        yield* waitFor(openConnection("127.0.0.1", port, { tls: {} }), 100);
      } catch (e) {
        timedOut = e instanceof TimeoutError;
      }
      const ac = new AbortController();
      getRunningLoop().callLater(50, () => ac.abort(new Error("gave up")));
      let aborted = "";
      try {
        yield* openConnection("127.0.0.1", port, { tls: {}, signal: ac.signal });
      } catch (e) {
        aborted = (e as Error).message;
      }
      yield* sleep(100);
      return { timedOut, aborted };
    }, opts);
    silent.close();
    expect(r).toEqual({ timedOut: true, aborted: "gave up" });
    expect(closed).toEqual(["server side closed", "server side closed"]);
  });

  it("cancelling a read cancels only that wait; the connection stays usable", async () => {
    const r = await run(function* () {
      const server = yield* startServer(function* (reader, writer) {
        yield* reader.readline(); // "go"
        writer.write("late\n");
        yield* writer.drain();
        yield* reader.read();
        writer.close();
      }, "127.0.0.1", 0);
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      let cancelled = false;
      try {
        yield* waitFor(reader.readline(), 30);
      } catch (e) {
        cancelled = e instanceof TimeoutError && e.cause instanceof CancelledError;
      }
      writer.write("go\n");
      const line = (yield* reader.readline()).toString();
      writer.close();
      server.close();
      yield* server.waitClosed();
      return { cancelled, line };
    }, opts);
    expect(r).toEqual({ cancelled: true, line: "late\n" });
  });

  it("peer reset during drain: drain raises the connection error", async () => {
    const r = await run(function* () {
      const loop = getRunningLoop();
      const outcome = loop.createFuture<string>();
      const server = yield* startServer(function* (_reader, writer) {
        const chunk = Buffer.alloc(1 << 20);
        try {
          for (let i = 0; i < 1000; i++) {
            writer.write(chunk);
            yield* writer.drain();
          }
          outcome.setResult("no error");
        } catch (e) {
          outcome.setResult((e as NodeJS.ErrnoException).code ?? String(e));
        }
      }, "127.0.0.1", 0);
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      yield* reader.readexactly(1000); // the server is writing; now we stop reading
      yield* sleep(50);
      (writer.getExtraInfo("socket") as net.Socket).resetAndDestroy();
      const code = yield* outcome;
      server.close();
      yield* server.waitClosed();
      return code;
    }, opts);
    expect(["ECONNRESET", "EPIPE"]).toContain(r);
  });

  it("write after close throws; drain after the connection closed raises", async () => {
    const r = await run(function* () {
      const server = yield* startServer(function* (_r, w) {
        w.close();
      }, "127.0.0.1", 0);
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      const eof = yield* reader.read();
      writer.close();
      let writeErr = "";
      try {
        writer.write("x");
      } catch (e) {
        writeErr = (e as Error).name;
      }
      yield* writer.waitClosed();
      let drainCode = "";
      try {
        yield* writer.drain();
      } catch (e) {
        drainCode = (e as NodeJS.ErrnoException).code ?? "";
      }
      server.close();
      yield* server.waitClosed();
      return { eof: eof.length, writeErr, drainCode, closing: writer.isClosing() };
    }, opts);
    expect(r).toEqual({ eof: 0, writeErr: "RuntimeError", drainCode: "ECONNRESET", closing: true });
  });

  it("a failing handler is reported and closes only its own connection", async () => {
    const reports: ExceptionContext[] = [];
    const r = await run(function* () {
      getRunningLoop().setExceptionHandler((_loop, ctx) => reports.push(ctx));
      const server = yield* startServer(function* (reader, writer) {
        const line = (yield* reader.readline()).toString();
        if (line === "fail\n") throw new Error("handler blew up");
        writer.write("ok " + line);
        yield* writer.drain();
        yield* reader.read();
        writer.close();
      }, "127.0.0.1", 0);
      const port = portOf(server);
      const [r1, w1] = yield* openConnection("127.0.0.1", port);
      const [r2, w2] = yield* openConnection("127.0.0.1", port);
      w1.write("fail\n");
      const dead = yield* r1.read(); // closed by the server
      w2.write("fine\n");
      const alive = (yield* r2.readline()).toString();
      w1.close();
      w2.close();
      server.close();
      yield* server.waitClosed();
      return { dead: dead.length, alive };
    }, opts);
    expect(r).toEqual({ dead: 0, alive: "ok fine\n" });
    expect(reports).toHaveLength(1);
    expect((reports[0]!.exception as Error).message).toBe("handler blew up");
    expect(reports[0]!.message).toMatch(/client_connected_cb/);
  });

  it("Server: serveForever returns on close; closeClients; waitClosed waits for every connection", async () => {
    const r = await run(function* () {
      const server = yield* startServer(function* (reader) {
        yield* reader.read();
      }, "127.0.0.1", 0);
      expect(server.sockets).toHaveLength(1);
      const serving = createTask(server.serveForever());
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      yield* sleep(10);
      server.close();
      yield* serving; // returns normally
      const waiting = createTask(server.waitClosed());
      yield* sleep(20);
      const stillOpen = !waiting.done();
      server.closeClients();
      yield* waiting;
      const eof = yield* reader.read();
      writer.close();
      let again = "";
      try {
        yield* server.serveForever();
      } catch (e) {
        again = (e as Error).name;
      }
      return { stillOpen, eof: eof.length, sockets: server.sockets.length, serving: server.isServing(), again };
    }, opts);
    expect(r).toEqual({ stillOpen: true, eof: 0, sockets: 0, serving: false, again: "RuntimeError" });
  });

  it("cancelling serveForever closes the server", async () => {
    const r = await run(function* () {
      const server = yield* startServer(function* () {}, "127.0.0.1", 0);
      const t = createTask(server.serveForever());
      yield* sleep(5);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        return [e instanceof CancelledError, server.isServing()];
      }
    }, opts);
    expect(r).toEqual([true, false]);
  });

  it("startServer on a busy port rejects with EADDRINUSE", async () => {
    const code = await run(function* () {
      const a = yield* startServer(function* () {}, "127.0.0.1", 0);
      try {
        yield* startServer(function* () {}, "127.0.0.1", portOf(a));
      } catch (e) {
        return (e as NodeJS.ErrnoException).code;
      } finally {
        a.close();
      }
    }, opts);
    expect(code).toBe("EADDRINUSE");
  });

  it("serves 1000 concurrent connections", async () => {
    const N = 1000;
    const r = await run(function* () {
      let peak = 0;
      let open = 0;
      const server = yield* startServer(function* (reader, writer) {
        open++;
        peak = Math.max(peak, open);
        const line = yield* reader.readline();
        writer.write(line);
        yield* writer.drain();
        yield* reader.read();
        writer.close();
        open--;
      }, "127.0.0.1", 0, { backlog: 2048 });
      const port = portOf(server);
      const conns = yield* gather(Array.from({ length: N }, () => openConnection("127.0.0.1", port)));
      // every connection is open at once before any is answered
      const replies = yield* gather(
        conns.map(([reader, writer], i) =>
          (function* () {
            writer.write(`${i}\n`);
            return (yield* reader.readline()).toString();
          })(),
        ),
      );
      for (const [, w] of conns) w.close();
      server.close();
      yield* server.waitClosed();
      return { ok: replies.every((l, i) => l === `${i}\n`), peak };
    }, opts);
    expect(r.ok).toBe(true);
    expect(r.peak).toBe(N);
  });

  it("100 MB to a slow reader: the reader's buffer stays bounded by its limit", async () => {
    const TOTAL = 100 * 1024 * 1024;
    const LIMIT = 64 * 1024;
    const r = await run(function* () {
      const server = yield* startServer(function* (_reader, writer) {
        const chunk = Buffer.alloc(256 * 1024, 7);
        for (let sent = 0; sent < TOTAL; sent += chunk.length) {
          writer.write(chunk);
          yield* writer.drain();
        }
        writer.close();
      }, "127.0.0.1", 0);
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server), { limit: LIMIT });
      const sock = writer.getExtraInfo("socket") as net.Socket;
      let got = 0;
      let reads = 0;
      let peakNode = 0;
      for (;;) {
        const b = yield* reader.read(16 * 1024);
        if (b.length === 0) break;
        got += b.length;
        peakNode = Math.max(peakNode, sock.readableLength + reader.buffered);
        if (++reads % 256 === 0) yield* sleep(1); // slow reader
      }
      writer.close();
      server.close();
      yield* server.waitClosed();
      return { got, peakReader: reader._peakBuffered, peakNode };
    }, opts);
    expect(r.got).toBe(TOTAL);
    // at most the limit plus one socket chunk (Node reads up to 64 KiB at a time)
    expect(r.peakReader).toBeLessThanOrEqual(LIMIT + 64 * 1024);
    expect(r.peakNode).toBeLessThanOrEqual(LIMIT + 2 * 64 * 1024);
  });
});

describe("TLS", () => {
  let dir = "";
  let key = "";
  let cert = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "corio-tls-"));
    try {
      execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "ignore" });
      key = readFileSync(join(dir, "key.pem"), "utf8");
      cert = readFileSync(join(dir, "cert.pem"), "utf8");
    } catch {
      key = readFileSync(new URL("../../test/fixtures/tls-key.pem", import.meta.url), "utf8");
      cert = readFileSync(new URL("../../test/fixtures/tls-cert.pem", import.meta.url), "utf8");
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves and connects over TLS with a self-signed certificate; unverified peers are refused", async () => {
    const r = await run(function* () {
      const server = yield* startServer(echoHandler, "127.0.0.1", 0, { tls: { key, cert } });
      const port = portOf(server);
      const [reader, writer] = yield* openConnection("127.0.0.1", port, { tls: { ca: cert } });
      writer.write("secret\n");
      const line = (yield* reader.readline()).toString();
      const peercert = writer.getExtraInfo("peercert") as { subject: { CN: string } };
      const canEof = writer.canWriteEof();
      writer.close();
      yield* writer.waitClosed();
      let refused = "";
      try {
        yield* openConnection("127.0.0.1", port, { tls: true });
      } catch (e) {
        refused = (e as NodeJS.ErrnoException).code ?? "";
      }
      server.close();
      yield* server.waitClosed();
      return { line, cn: peercert.subject.CN, canEof, refused };
    }, opts);
    expect(r).toEqual({ line: "secret\n", cn: "localhost", canEof: false, refused: "DEPTH_ZERO_SELF_SIGNED_CERT" });
  });
});

describe("Unix sockets", () => {
  it("startUnixServer + openUnixConnection", async () => {
    const dir = mkdtempSync(join(tmpdir(), "corio-unix-"));
    const path = join(dir, "s.sock");
    try {
      const r = await run(function* () {
        const server = yield* startUnixServer(echoHandler, path);
        const [reader, writer] = yield* openUnixConnection(path);
        writer.write("over unix\n");
        const line = (yield* reader.readline()).toString();
        const peer = writer.getExtraInfo("peername");
        writer.writeEof();
        const rest = yield* reader.read();
        writer.close();
        server.close();
        yield* server.waitClosed();
        // a stale socket file does not stop a new server
        const again = yield* startUnixServer(echoHandler, path);
        again.close();
        yield* again.waitClosed();
        return { line, peer, rest: rest.length, addr: server.address() };
      }, opts);
      expect(r).toEqual({ line: "over unix\n", peer: path, rest: 0, addr: path });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
