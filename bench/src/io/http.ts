/**
 * "Web Server Test" HTTP workload: the article's page served with keep-alive, on corio
 * streams and on Node's `http`, driven by the same raw-`net` client (100 connections,
 * each sending `perConn` requests one after the other). Used when `wrk` is absent.
 */
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { startServer, type Server, type StreamReader, type StreamWriter } from "corio";

const BODY = "<h1>Web Server Test</h1>";
const RESPONSE = Buffer.from(`HTTP/1.1 200 ok\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`);

/** The corio server: one task per connection, a request is everything up to the blank line. */
export function* corioWebServer(): Generator<unknown, Server, unknown> {
  return yield* startServer(function* (reader: StreamReader, writer: StreamWriter) {
    try {
      for (;;) {
        yield* reader.readuntil("\r\n\r\n");
        writer.write(RESPONSE);
        yield* writer.drain();
      }
    } catch {
      // EOF or reset: the client left
    }
    writer.close();
  }, "127.0.0.1", 0, { backlog: 1024 });
}

export async function nodeHttpServer(): Promise<http.Server> {
  const s = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html;charset=utf-8", "Content-Length": BODY.length });
    res.end(BODY);
  });
  s.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => s.listen({ port: 0, host: "127.0.0.1", backlog: 1024 }, r));
  return s;
}

/** Raw-net keep-alive client: resolves with the number of responses. */
export function hammer(port: number, conns: number, perConn: number): Promise<number> {
  const req = Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  let responses = 0;
  return Promise.all(
    Array.from(
      { length: conns },
      () =>
        new Promise<void>((resolve, reject) => {
          const c = net.connect({ port, host: "127.0.0.1", noDelay: true });
          let n = 0;
          let pending = "";
          c.setEncoding("latin1");
          c.on("error", reject);
          c.on("connect", () => c.write(req));
          c.on("data", (d: string) => {
            pending += d;
            let i: number;
            while ((i = pending.indexOf(BODY)) >= 0) {
              pending = pending.slice(i + BODY.length);
              responses++;
              if (++n === perConn) {
                c.destroy();
                return resolve();
              }
              c.write(req);
            }
          });
        }),
    ),
  ).then(() => responses);
}
