/**
 * 3.5.8 Socket新用法 · 2.HTTP案例 — a raw HTTP GET over `openConnection`, two hosts at
 * once with `gather`.
 *
 * The article fetches two blogs on port 80; here two local HTTP servers stand in for them
 * (tests must not depend on the internet). `async for line in reader` becomes a loop on
 * `yield* reader.readline()` until it returns an empty buffer (or `for await` in async
 * code). The request adds `Connection: close`: with plain HTTP/1.1 keep-alive the server
 * would hold the connection open and the read-until-EOF loop would wait for its idle timeout.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { call, createTask, gather, openConnection, run } from "corio";

export function* get_html(host: string, port: number) {
  console.log(`get_html ${host}:${port}...`);
  const [reader, writer] = yield* openConnection(host, port);
  writer.write(Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, "utf-8"));
  yield* writer.drain(); // 等待缓冲区
  const html_list: string[] = [];
  for (;;) {
    const line = yield* reader.readline();
    if (line.length === 0) break;
    html_list.push(line.toString("utf-8"));
  }
  writer.close(); // 关闭连接
  return html_list.join("");
}

/** Two local "blogs", each answering with its own page. */
function* blogs() {
  const servers = ["dotnetcrazy", "dunitian"].map((name) =>
    http.createServer((_req, res) => {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(`<html><title>${name}</title><body>${name} blogs</body></html>`);
    }),
  );
  for (const s of servers) yield* call(new Promise<void>((r) => s.listen(0, "127.0.0.1", r)));
  return servers;
}

export function* main() {
  const servers = yield* blogs();
  try {
    const tasks = servers.map((s) => createTask(get_html("127.0.0.1", (s.address() as AddressInfo).port)));
    const html_list = yield* gather(tasks);
    for (const html of html_list) {
      const [status] = html.split("\r\n");
      const body = html.slice(html.indexOf("\r\n\r\n") + 4);
      console.log(status, body);
    }
    return html_list;
  } finally {
    for (const s of servers) s.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
