/**
 * 3.3 IO多路复用 — the non-blocking polling server, the `select`, `epoll` and `selectors`
 * servers, as ONE corio streams server that behaves the same.
 *
 * The article's four versions differ only in how they learn that a socket is readable:
 * polling every socket every 10 ms, `select`, `epoll` (edge-triggered), a `selectors`
 * callback table. corio's loop is built on Node's (libuv → epoll/kqueue/IOCP), so the
 * readiness part disappears: one task per connection reads with `yield* reader.read(2048)`
 * and is woken only when bytes arrive. What stays the same: every request is printed
 * and answered with the "Web Server Test" page, an empty read means the client left,
 * and the server tracks and prints the number of open connections.
 *
 * Run: `npx tsx examples/seed/3.3-web-server.ts` and open http://127.0.0.1:8080/ (Ctrl-C stops).
 */
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { gather, openConnection, run, startServer, type Server, type StreamReader, type StreamWriter } from "corio";

const PAGE = "HTTP/1.1 200 ok\r\nContent-Type: text/html;charset=utf-8\r\n\r\n<h1>Web Server Test</h1>";

/** Starts the server; `connections` is the article's `socket_addr_list` / `fd_socket_dict`. */
export function* webServer(port: number) {
  const connections = new Set<StreamWriter>();
  function* handler(reader: StreamReader, writer: StreamWriter) {
    const [host, p] = writer.getExtraInfo("peername") as [string, number];
    const client_addr = `('${host}', ${p})`;
    connections.add(writer);
    console.log(`[${client_addr}已连接,当前连接数:${connections.size}]`);
    try {
      for (;;) {
        const data = yield* reader.read(2048);
        if (data.length === 0) break; // 空消息是断开连接
        console.log(`[来自${client_addr}的消息:]\n`);
        console.log(data.toString("utf-8"));
        writer.write(PAGE);
        yield* writer.drain();
      }
    } finally {
      writer.close(); // 关闭客户端连接
      connections.delete(writer);
      console.log(`[${client_addr}已断开,当前连接数:${connections.size}]`);
    }
  }
  const server: Server = yield* startServer(handler, "127.0.0.1", port);
  return server;
}

/** A browser-like client: one request, read the page, leave. */
function* browser(port: number, path: string) {
  const [reader, writer] = yield* openConnection("127.0.0.1", port);
  writer.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  const page = yield* reader.readuntil("</h1>");
  writer.close();
  yield* writer.waitClosed();
  return page.toString();
}

/** Serves on `port` (0: any free port); with `demoClients > 0`, runs that many clients and stops. */
export function* main(port = 0, demoClients = 3) {
  const server = yield* webServer(port);
  const actual = (server.address() as AddressInfo).port;
  if (demoClients === 0) {
    console.log(`Server已经启动,端口:${actual}`);
    yield* server.serveForever();
    return [];
  }
  // the clients connect together, so the counts go up to demoClients before going down
  const pages = yield* gather(Array.from({ length: demoClients }, (_, i) => browser(actual, `/page${i}`)));
  server.close();
  yield* server.waitClosed();
  return pages;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(() => main(8080, 0));
