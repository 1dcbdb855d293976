/**
 * 3.5.8 Socket新用法 · 1.简单案例 — the stream server and client exchanging poem lines.
 *
 * `asyncio.start_server(handler, host, port)` → `startServer(handler, host, port)`;
 * `asyncio.open_connection` → `openConnection`, both giving a `StreamReader` and a
 * `StreamWriter`. `async with server: await server.serve_forever()` becomes
 * `yield* server.serveForever()` (cancel the task, or Ctrl-C, to stop). The client,
 * unlike the article's, awaits `reader.read(2048)` (the article forgot the `await`).
 *
 * Run: `npx tsx examples/seed/3.5.8-stream-poem.ts server` in one terminal and
 * `npx tsx examples/seed/3.5.8-stream-poem.ts client` in another; without an argument
 * both run in one process on a free port.
 */
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { openConnection, run, startServer, type StreamReader, type StreamWriter } from "corio";

export function* handler(client_reader: StreamReader, client_writer: StreamWriter) {
  // 没有数据就阻塞等(主线程做其他事情去了)
  const data = yield* client_reader.read(2048);
  console.log(data.toString("utf-8"));
  client_writer.write(Buffer.from("骊山语罢清宵半,泪雨霖铃终不怨\n何如薄幸锦衣郎,比翼连枝当日愿", "utf-8"));
  yield* client_writer.drain(); // 等待缓冲区(缓冲区没占满就直接返回)
  client_writer.close(); // 关闭连接
}

export function* client(port: number) {
  const [reader, writer] = yield* openConnection("127.0.0.1", port);
  writer.write(Buffer.from("人生若只如初见,何事秋风悲画扇\n等闲变却故人心,却道故人心易变", "utf-8"));
  const data = yield* reader.read(2048);
  if (data.length > 0) console.log(data.toString("utf-8"));
  writer.close();
}

export function* serve(port: number) {
  const server = yield* startServer(handler, "127.0.0.1", port);
  console.log(`Server已经启动,端口:${port}`);
  yield* server.serveForever();
}

/** Server and client in one process: the server on a free port, one client exchange, done. */
export function* main() {
  const server = yield* startServer(handler, "127.0.0.1", 0);
  const port = (server.address() as AddressInfo).port;
  yield* client(port);
  server.close();
  yield* server.waitClosed();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const mode = process.argv[2];
  await run(mode === "server" ? () => serve(8080) : mode === "client" ? () => client(8080) : main);
}
