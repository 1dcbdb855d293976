import { afterEach, describe, expect, it } from "vitest";
import { request } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDashboard, type DashboardServer } from "./server.js";
import { hostAllowed, isLoopback, originAllowed } from "./request-guard.js";
import { LiveStats } from "./live-stats.js";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw request (fetch() would not let us forge Host). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The first `n` SSE `data:` messages of /api/events. */
function events(port: number, n: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const got: unknown[] = [];
    const req = request({ host: "127.0.0.1", port, path: "/api/events" }, (res) => {
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        buf += c;
        let i;
        while ((i = buf.indexOf("\n\n")) !== -1) {
          const msg = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (msg.startsWith("data: ")) got.push(JSON.parse(msg.slice(6)));
          if (got.length === n) {
            req.destroy();
            resolve(got);
          }
        }
      });
    });
    req.on("error", (e) => (got.length === n ? undefined : reject(e)));
    req.end();
  });
}

let server: DashboardServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(extra: Partial<Parameters<typeof startDashboard>[0]> = {}) {
  const calls: string[] = [];
  const live = new LiveStats({ mode: "site", command: "corio crawl site http://a/", start: ["http://a/"] });
  const control = { pause: () => calls.push("pause"), resume: () => calls.push("resume"), stop: () => calls.push("stop") };
  return { calls, live, started: startDashboard({ port: 0, snapshot: () => live.snapshot(), control, ...extra }) };
}

describe("dashboard server", () => {
  it("listens on 127.0.0.1 at a free port and serves the snapshot as JSON", async () => {
    const { live, started } = start();
    server = await started;
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const r = await send(server.port, "GET", "/api/stats");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(r.body);
    const now = JSON.parse(JSON.stringify(live.snapshot()));
    expect({ ...body, elapsedMs: 0 }).toEqual({ ...now, elapsedMs: 0 }); // the clock moved in between
    expect(body.schema).toBe(1);
  });

  it("serves the page file at /, and a placeholder pointing at /api/stats when there is none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "corio-dash-"));
    dirs.push(dir);
    writeFileSync(join(dir, "page.html"), "<!doctype html><title>the page</title>");
    const a = start({ pageFile: join(dir, "page.html") });
    server = await a.started;
    let r = await send(server.port, "GET", "/");
    expect(r.body).toContain("the page");
    expect(r.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    await server.close();
    server = await start({ pageFile: join(dir, "missing.html") }).started;
    r = await send(server.port, "GET", "/");
    expect(r.status).toBe(200);
    expect(r.body).toContain("/api/stats");
  });

  it("runs pause, resume and stop on POST only", async () => {
    const { calls, started } = start();
    server = await started;
    for (const a of ["pause", "resume", "stop"]) expect((await send(server.port, "POST", `/api/${a}`)).status).toBe(204);
    expect(calls).toEqual(["pause", "resume", "stop"]);
    expect((await send(server.port, "GET", "/api/stop")).status).toBe(405);
    expect((await send(server.port, "GET", "/nope")).status).toBe(404);
    expect(calls).toHaveLength(3);
  });

  it("refuses a Host it does not know (DNS rebinding) and a cross-site Origin (CSRF)", async () => {
    const { calls, started } = start();
    server = await started;
    const p = server.port;
    expect((await send(p, "GET", "/api/stats", { host: `evil.example:${p}` })).status).toBe(421);
    expect((await send(p, "GET", "/api/stats", { host: `127.0.0.1:${p + 1}` })).status).toBe(421);
    expect((await send(p, "POST", "/api/stop", { origin: "http://evil.example" })).status).toBe(403);
    expect((await send(p, "POST", "/api/stop", { origin: "null" })).status).toBe(403);
    expect(calls).toEqual([]);
    expect((await send(p, "GET", "/api/stats", { host: `localhost:${p}` })).status).toBe(200);
    expect((await send(p, "POST", "/api/pause", { origin: `http://127.0.0.1:${p}` })).status).toBe(204);
    expect(calls).toEqual(["pause"]);
  });

  it("streams the snapshot at once, then on change at most every eventsEveryMs", async () => {
    const { live, started } = start({ eventsEveryMs: 20 });
    server = await started;
    const got = events(server.port, 2);
    // Each change after the first message is a new snapshot (elapsedMs moves with the clock).
    const [first, second] = (await got) as { schema: number; elapsedMs: number }[];
    expect(first!.schema).toBe(1);
    expect(second!.elapsedMs).toBeGreaterThanOrEqual(first!.elapsedMs);
    expect(live.snapshot().phase).toBe("starting");
  });
});

describe("request guard", () => {
  it("accepts IP literals, localhost and the bound name on the right port only", () => {
    expect(hostAllowed("127.0.0.1:8080", 8080, "127.0.0.1")).toBe(true);
    expect(hostAllowed("[::1]:8080", 8080, "127.0.0.1")).toBe(true);
    expect(hostAllowed("LOCALHOST:8080", 8080, "127.0.0.1")).toBe(true);
    expect(hostAllowed("crawler.lan:8080", 8080, "crawler.lan")).toBe(true);
    expect(hostAllowed("crawler.lan:8080", 8080, "127.0.0.1")).toBe(false);
    expect(hostAllowed("127.0.0.1", 8080, "127.0.0.1")).toBe(false);
    expect(hostAllowed(undefined, 8080, "127.0.0.1")).toBe(false);
    expect(originAllowed(undefined, 8080, "127.0.0.1")).toBe(true);
    expect(originAllowed("https://127.0.0.1:8080", 8080, "127.0.0.1")).toBe(false);
    expect(isLoopback("127.0.0.1") && isLoopback("localhost") && isLoopback("[::1]")).toBe(true);
    expect(isLoopback("0.0.0.0") || isLoopback("192.168.1.2")).toBe(false);
  });
});
