/**
 * A minimal WebSocket client (RFC 6455), enough to talk to Node's inspector: text
 * messages, ping/pong, close. Node 20 has no WebSocket without a flag and corio has no
 * dependencies, and the inspector needs nothing more: no extensions, no binary frames.
 * @module
 */
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import type { Socket } from "node:net";

/** An open WebSocket: send text, receive text messages, close. @internal */
export interface WsConnection {
  send(text: string): void;
  /** Called for every text message received. */
  onMessage: (text: string) => void;
  /** Called once when the connection ends (closed by either side, or broken). */
  onClose: (reason: string) => void;
  close(): void;
}

/** Opens `url` (`ws://host:port/path`). Rejects with a message naming what failed. @internal */
export function wsConnect(url: string, timeoutMs: number): Promise<WsConnection> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port,
      path: u.pathname + u.search,
      timeout: timeoutMs,
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
      },
    });
    req.on("timeout", () => req.destroy(new Error(`no WebSocket handshake from ${u.host} within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.on("response", (res) => {
      res.resume();
      reject(new Error(`${u.host} refused the WebSocket upgrade (HTTP ${res.statusCode})`));
    });
    req.on("upgrade", (_res, socket: Socket, head: Buffer) => {
      socket.setTimeout(0);
      resolve(wrap(socket, head));
    });
    req.end();
  });
}

function frame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const len = payload.length;
  const header = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode; // FIN + opcode
  if (len < 126) header[1] = 0x80 | len;
  else if (len < 65536) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(len, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  // Client frames are masked (RFC 6455 §5.3).
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([header, mask, body]);
}

function wrap(socket: Socket, head: Buffer): WsConnection {
  let buf = head;
  let fragments: Buffer[] = [];
  let closed = false;
  const conn: WsConnection = {
    send: (text) => void socket.write(frame(0x1, Buffer.from(text, "utf8"))),
    onMessage: () => {},
    onClose: () => {},
    close: () => {
      if (closed) return;
      closed = true;
      socket.end(frame(0x8, Buffer.alloc(0)));
      socket.destroy();
    },
  };
  const end = (reason: string) => {
    if (!closed) {
      closed = true;
      socket.destroy();
    }
    conn.onClose(reason);
  };
  const parse = () => {
    for (;;) {
      if (buf.length < 2) return;
      const fin = (buf[0]! & 0x80) !== 0;
      const opcode = buf[0]! & 0x0f;
      let len = buf[1]! & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        offset = 10;
      }
      // Server frames are never masked.
      if (buf.length < offset + len) return;
      const payload = buf.subarray(offset, offset + len);
      buf = buf.subarray(offset + len);
      if (opcode === 0x8) return end("closed by the inspector");
      if (opcode === 0x9) {
        socket.write(frame(0xa, Buffer.from(payload)));
        continue;
      }
      if (opcode === 0x1 || opcode === 0x0) {
        fragments.push(Buffer.from(payload));
        if (fin) {
          const text = Buffer.concat(fragments).toString("utf8");
          fragments = [];
          conn.onMessage(text);
        }
      }
    }
  };
  socket.on("data", (d: Buffer) => {
    buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
    parse();
  });
  socket.on("close", () => end("connection closed"));
  socket.on("error", (e) => end(e.message));
  if (buf.length > 0) queueMicrotask(parse);
  return conn;
}
