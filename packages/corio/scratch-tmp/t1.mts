import { run } from "../src/index.ts";
import { openConnection } from "../src/streams/connection.ts";
import { startServer } from "../src/streams/server.ts";
import type { StreamReader } from "../src/streams/stream-reader.ts";
import type { StreamWriter } from "../src/streams/stream-writer.ts";
import type { AddressInfo } from "node:net";
const r = await run(function* () {
  const server = yield* startServer(function* (r: StreamReader, w: StreamWriter) {
    for (;;) { const line = yield* r.readline(); if (line.length === 0) break; w.write(line.toString().toUpperCase()); yield* w.drain(); }
    w.close();
  }, "127.0.0.1", 0);
  const port = (server.address() as AddressInfo).port;
  const [reader, writer] = yield* openConnection("127.0.0.1", port);
  writer.write("hello\nworld\n"); writer.writeEof();
  const all = yield* reader.read();
  writer.close(); yield* writer.waitClosed();
  server.close(); yield* server.waitClosed();
  return all.toString();
});
console.log(JSON.stringify(r));
