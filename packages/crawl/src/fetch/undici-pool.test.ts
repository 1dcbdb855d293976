import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import * as undici from "undici";
import { Pool, request } from "./undici-pool.js";

describe("undici-pool", () => {
  it("is undici's own Pool, and request() works on it (fails loudly if undici moves the files)", async () => {
    const server = createServer((_req, res) => res.end("hello"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
    try {
      expect(pool).toBeInstanceOf(undici.Pool);
      const res = await request(pool, { path: "/", method: "GET" });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe("hello");
    } finally {
      await pool.close();
      server.close();
    }
  });
});
