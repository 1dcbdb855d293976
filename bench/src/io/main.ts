/**
 * I/O benchmarks: `npx tsx bench/src/io/main.ts [--quick]`. Prints its own table.
 *
 * 1. Echo over 100 concurrent loopback connections, request/response, a fixed byte count
 *    per connection: 64 KiB messages and 16-byte messages. Contenders: Node's raw `net`
 *    callbacks (the floor), plain async/await with socket async iterators, corio streams.
 * 2. HTTP "Web Server Test" page over 100 keep-alive connections: a corio streams server
 *    against Node's `http`, measured with `wrk` when it is installed, else with the same
 *    raw-`net` client for both.
 * Each contender runs once to warm up, then the best of `reps` timed runs is reported.
 */
import { execFileSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { call, run, type Server } from "corio";
import { asyncIter, corioStreams, rawNet, type EchoContender, type EchoParams } from "./echo.js";
import { corioWebServer, hammer, nodeHttpServer } from "./http.js";

const quick = process.argv.includes("--quick");
const reps = quick ? 1 : 3;

async function best(fn: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const rows: string[][] = [];
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

async function echo(label: string, p: EchoParams): Promise<void> {
  const contenders: [string, EchoContender][] = [
    ["raw net callbacks (floor)", rawNet],
    ["async-iterator net", asyncIter],
    ["corio streams", corioStreams],
  ];
  const bytes = p.conns * p.size * p.rounds;
  let floor = 0;
  for (const [name, fn] of contenders) {
    const warm = await fn({ ...p, rounds: Math.max(1, Math.floor(p.rounds / 10)) });
    if (warm <= 0) throw new Error(`${name}: warm-up moved no bytes`);
    const ms = await best(async () => {
      const moved = await fn(p);
      if (moved !== bytes) throw new Error(`${name}: moved ${moved} bytes, expected ${bytes}`);
    });
    if (floor === 0) floor = ms;
    rows.push([label, name, fmt(ms, 1), `${fmt(bytes / 1048576 / (ms / 1000), 1)} MiB/s`, `${fmt((p.conns * p.rounds) / (ms / 1000))} msg/s`, `${fmt(ms / floor, 2)}x`]);
  }
}

function wrkAvailable(): boolean {
  try {
    execFileSync("which", ["wrk"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function wrk(port: number): number {
  const out = execFileSync("wrk", ["-t2", "-c100", quick ? "-d3s" : "-d10s", `http://127.0.0.1:${port}/`], { encoding: "utf8" });
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]);
}

async function httpBench(): Promise<void> {
  const conns = 100;
  const perConn = quick ? 200 : 1000;
  const useWrk = wrkAvailable();
  const measure = async (port: number): Promise<number> => {
    if (useWrk) return wrk(port);
    await hammer(port, conns, perConn / 10);
    const ms = await best(() => hammer(port, conns, perConn));
    return (conns * perConn) / (ms / 1000);
  };
  const tool = useWrk ? "wrk -c100" : "net client, 100 conns";
  const node = await nodeHttpServer();
  const nodeRps = await measure((node.address() as AddressInfo).port);
  node.close();
  node.closeAllConnections();
  const corioRps = await run(function* () {
    const server: Server = yield* corioWebServer();
    const rps = yield* call(measure((server.address() as AddressInfo).port));
    server.close();
    server.abortClients();
    return rps;
  }, { handleSignals: false });
  rows.push([`HTTP Web Server Test (${tool})`, "node:http", "", "", `${fmt(nodeRps)} req/s`, "1.00x"]);
  rows.push([`HTTP Web Server Test (${tool})`, "corio streams", "", "", `${fmt(corioRps)} req/s`, `${fmt(nodeRps / corioRps, 2)}x`]);
}

function print(): void {
  const head = ["workload", "contender", "best ms", "throughput", "rate", "vs first"];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => "| " + r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ") + " |";
  console.log(line(head));
  console.log("|" + widths.map((w, i) => (i >= 2 ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|") + "|");
  for (const r of rows) console.log(line(r));
}

const conns = 100;
await echo("echo 64 KiB x 100 conns", { conns, size: 64 * 1024, rounds: quick ? 8 : 32 });
await echo("echo 16 B x 100 conns", { conns, size: 16, rounds: quick ? 200 : 1000 });
await httpBench();
print();
console.log(`\nnode ${process.version}, ${reps === 1 ? "one timed run" : `best of ${reps}`} per cell; "vs first" = time ratio to the first row of the workload (req/s ratio for HTTP).`);
