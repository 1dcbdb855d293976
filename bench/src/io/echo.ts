/**
 * Echo workloads: `conns` connections each send `rounds` messages of `size` bytes and wait
 * for each echo before sending the next (request/response), so every contender moves the
 * same bytes through the same loopback sockets. Server and client use the same style.
 */
import net, { type AddressInfo } from "node:net";
import { once } from "node:events";
import { gather, openConnection, run, startServer, type StreamReader, type StreamWriter } from "corio";

export interface EchoParams {
  conns: number;
  size: number;
  rounds: number;
}

export type EchoContender = (p: EchoParams) => Promise<number>; // returns bytes echoed

/** Floor: Node's raw `net` callbacks on both sides. */
export const rawNet: EchoContender = async ({ conns, size, rounds }) => {
  const server = net.createServer({ noDelay: true }, (s) => s.pipe(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const msg = Buffer.alloc(size, 1);
  let total = 0;
  await Promise.all(
    Array.from(
      { length: conns },
      () =>
        new Promise<void>((resolve, reject) => {
          const c = net.connect({ port, host: "127.0.0.1", noDelay: true });
          let got = 0;
          let done = 0;
          c.on("error", reject);
          c.on("connect", () => c.write(msg));
          c.on("data", (d: Buffer) => {
            got += d.length;
            while (got >= size) {
              got -= size;
              total += size;
              if (++done === rounds) {
                c.end();
                return resolve();
              }
              c.write(msg);
            }
          });
        }),
    ),
  );
  server.close();
  return total;
};

/** Plain async/await: `for await` over the socket on the server, an async iterator on the client. */
export const asyncIter: EchoContender = async ({ conns, size, rounds }) => {
  const server = net.createServer({ noDelay: true }, async (s) => {
    try {
      for await (const chunk of s) if (!s.write(chunk)) await once(s, "drain");
      s.end();
    } catch {
      s.destroy();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const msg = Buffer.alloc(size, 1);
  let total = 0;
  await Promise.all(
    Array.from({ length: conns }, async () => {
      const c = net.connect({ port, host: "127.0.0.1", noDelay: true });
      await once(c, "connect");
      const it = c[Symbol.asyncIterator]();
      let buffered = 0;
      for (let i = 0; i < rounds; i++) {
        c.write(msg);
        while (buffered < size) buffered += ((await it.next()).value as Buffer).length;
        buffered -= size;
        total += size;
      }
      c.end();
    }),
  );
  server.close();
  return total;
};

/** corio streams: startServer + openConnection, read/readexactly/write/drain. */
export const corioStreams: EchoContender = ({ conns, size, rounds }) =>
  run(function* () {
    const server = yield* startServer(function* (reader: StreamReader, writer: StreamWriter) {
      for (;;) {
        const d = yield* reader.read(65536);
        if (d.length === 0) break;
        writer.write(d);
        yield* writer.drain();
      }
      writer.close();
    }, "127.0.0.1", 0);
    const port = (server.address() as AddressInfo).port;
    const msg = Buffer.alloc(size, 1);
    let total = 0;
    yield* gather(
      Array.from({ length: conns }, function* () {
        const [reader, writer] = yield* openConnection("127.0.0.1", port);
        for (let i = 0; i < rounds; i++) {
          writer.write(msg);
          yield* writer.drain();
          const echoed = yield* reader.readexactly(size);
          total += echoed.length;
        }
        writer.close();
      }),
    );
    server.close();
    server.closeClients();
    yield* server.waitClosed();
    return total;
  }, { handleSignals: false });
