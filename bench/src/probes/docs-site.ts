/**
 * A generated documentation site crawled by the built CLI, for issue 12's memory and
 * stall figures:
 *
 *   nice npx tsx bench/src/probes/docs-site.ts [pages=6000]           # the CLI, as users run it
 *   nice npx tsx bench/src/probes/docs-site.ts [pages] --heap=SECONDS  # in-process, with a heap snapshot
 *
 * The site is served by a child process (its memory is not ours): `pages` pages of ~6 KB
 * text with a 300-link sidebar, and every 1,500th page a large one (2–8 MB: a one-page book
 * or a source listing with thousands of `#L123` anchors).
 *
 * By default the crawler is `node packages/crawl/dist/cli/main.js crawl site …` in a process
 * of its own, so its figures are a user's: no tsx loader (an isolate of its own) and no
 * probe in its RSS. Reported: pages/s, its CPU s and peak RSS (Linux: /proc, sampled every
 * 50 ms), and the longest gap between two responses the SERVER finished (a stall of the
 * crawler shows there). `--heap=S` runs the engine in this process instead, adds the
 * crawler's own loop delay (p99 / max), writes a heap snapshot S seconds in and prints the
 * breakdown by constructor (self sizes). `CORIO_CRAWL_DIST=/path/to/packages/crawl/dist`
 * crawls with another build (e.g. main's); `CORIO_PROBE_NODE_FLAGS="--cpu-prof
 * --cpu-prof-dir=DIR"` passes node flags to the crawler process; `CORIO_PROBE_THREADS=1`
 * prints the crawler's CPU by thread (Linux).
 */
import { fork, spawn } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);

if (args[0] === "--serve") {
  const pages = Number(args[1]);
  const big = new Map<number, Buffer>();
  const isBig = (i: number) => i % 1500 === 7;
  const page = (i: number): Buffer => {
    const side: string[] = [];
    for (let k = 0; k < 300; k++) side.push(`<li><a href="/docs/p${(i - (i % 50) + k * 7) % pages}.html">Section ${k}</a></li>`);
    let body = "";
    if (isBig(i)) {
      const cached = big.get(i);
      if (cached) return cached;
      const target = 2_000_000 + ((i * 7919) % 6_000_000);
      const lines: string[] = [];
      for (let n = 1, size = 0; size < target; n++) {
        const line = i % 2 === 0 ? `<pre><a id="L${n}" href="#L${n}">${n}</a>  const value${n} = compute(${n}, "段落文本${n}");</pre>\n` : `<p>第${n}段：这是一本书的正文，内容很长很长。Lorem ipsum dolor sit amet ${n}.</p>\n`;
        lines.push(line);
        size += Buffer.byteLength(line);
      }
      body = lines.join("");
    } else {
      for (let n = 0; n < 30; n++) body += `<p>Paragraph ${n} of page ${i}: the event loop runs tasks, futures and callbacks; 事件循环 ${n}.</p>\n`;
    }
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Page ${i}</title><script>var cfg={}</script></head><body><nav><ul>${side.join("")}</ul></nav><main>${body}<a href="/docs/p${(i + 1) % pages}.html">next</a></main></body></html>`;
    const buf = Buffer.from(html);
    if (isBig(i)) big.set(i, buf);
    return buf;
  };
  let last = 0;
  let longest = 0;
  let longestAt = "";
  const server = createServer((req, res) => {
    const m = /^\/docs\/p(\d+)\.html$/.exec(req.url ?? "");
    const n = m ? Number(m[1]) : -1;
    res.setHeader("content-type", "text/html; charset=utf-8");
    if (req.url === "/" || (n >= 0 && n < pages)) res.end(page(n < 0 ? 0 : n));
    else {
      res.statusCode = 404;
      res.end("no");
    }
    res.on("finish", () => {
      const now = performance.now();
      if (last > 0 && now - last > longest) {
        longest = now - last;
        longestAt = req.url ?? "";
      }
      last = now;
    });
  });
  // The large pages are built before listening: building one takes the server a second, which would show as a crawler stall.
  for (let i = 0; i < pages; i++) if (isBig(i)) page(i);
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on("message", (m) => {
    if (m === "gap") process.send!({ longest, longestAt });
  });
} else {
  const pages = Number(args.find((a) => /^\d+$/.test(a)) ?? 6000);
  const heapAt = Number(args.find((a) => a.startsWith("--heap="))?.slice(7) ?? NaN);
  const dist = resolve(process.env["CORIO_CRAWL_DIST"] ?? fileURLToPath(new URL("../../../packages/crawl/dist", import.meta.url)));
  const { crawl } = (await import(join(dist, "engine.js"))) as typeof import("../../../packages/crawl/src/engine.js");
  const { run } = await import("corio");
  const child = fork(fileURLToPath(import.meta.url), ["--serve", String(pages)], { execArgv: process.execArgv });
  const port = await new Promise<number>((r) => child.once("message", (m: { port: number }) => r(m.port)));
  const dir = mkdtempSync(join(tmpdir(), "corio-docs-probe-"));
  if (!Number.isFinite(heapAt)) {
    try {
      await crawlWithCli(dist, port, dir, child);
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
    process.exit(0);
  }
  let peak = 0;
  let snapshot: string | null = null;
  const t0 = performance.now();
  let atPeak = process.memoryUsage();
  const baseline = atPeak.rss;
  let peakAtS = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak) [peak, atPeak, peakAtS] = [m.rss, m, (performance.now() - t0) / 1000];
  }, 50);
  const snapTimer = Number.isFinite(heapAt)
    ? setTimeout(() => {
        snapshot = writeHeapSnapshot(join(dir, "crawl.heapsnapshot"));
      }, heapAt * 1000)
    : null;
  const cpu0 = process.cpuUsage();
  // The crawler's own stalls, to tell them from the server's (the gap is measured there).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // CORIO_PROBE_STALLS=1: print each stall over 150 ms with its monotonic time (µs, the clock
  // of --cpu-prof's samples), to find in a profile what the loop was doing.
  let expected = process.hrtime.bigint() + 10_000_000n;
  const stalls = process.env["CORIO_PROBE_STALLS"] === "1"
    ? setInterval(() => {
        const now = process.hrtime.bigint();
        const late = Number(now - expected) / 1e6;
        if (late > 150) console.error(`stall ${late.toFixed(0)} ms, from ${(now / 1000n) - BigInt(Math.round(late * 1000))} µs`);
        expected = now + 10_000_000n;
      }, 10)
    : null;
  try {
    const summary = await run(
      crawl({
        mode: "site",
        startUrls: [`http://127.0.0.1:${port}/docs/p0.html`],
        output: join(dir, "pages.jsonl"),
        allowPrivate: true,
        ignoreRobots: true,
        progress: "none",
        concurrency: 16,
        perHost: 16,
        maxBody: "16MiB",
        signal: undefined,
      } as never),
      { handleSignals: false },
    );
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    child.send("gap");
    const gap = await new Promise<{ longest: number; longestAt: string }>((r) => child.once("message", r as never));
    loopDelay.disable();
    if (stalls) clearInterval(stalls);
    console.log(`| pages ok | pages/s | CPU s | peak RSS (MB) | longest gap between responses (ms) | crawler loop delay p99 / max (ms) |`);
    console.log(`|---|---|---|---|---|---|`);
    console.log(`| ${summary.totals.ok} | ${(summary.totals.ok / wall).toFixed(0)} | ${((cpu.user + cpu.system) / 1e6).toFixed(1)} | ${(peak / 2 ** 20).toFixed(0)} | ${gap.longest.toFixed(0)} (before ${gap.longestAt}) | ${(loopDelay.percentile(99) / 1e6).toFixed(0)} / ${(loopDelay.max / 1e6).toFixed(0)} |`);
    const mb = (n: number) => (n / 2 ** 20).toFixed(0);
    console.log(`\nat the RSS peak: rss ${mb(atPeak.rss)} MB = main-thread heap ${mb(atPeak.heapTotal)} (used ${mb(atPeak.heapUsed)}) + external ${mb(atPeak.external)} (ArrayBuffers ${mb(atPeak.arrayBuffers)}) + the rest ${mb(atPeak.rss - atPeak.heapTotal - atPeak.external)} (worker isolates, SQLite, code, allocator); ${peakAtS.toFixed(1)} s into the crawl; RSS before the crawl ${mb(baseline)} MB`);
    if (snapshot) summarizeHeap(snapshot);
  } finally {
    clearInterval(sampler);
    if (snapTimer) clearTimeout(snapTimer);
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A /proc `stat` file's command name and CPU seconds (utime + stime, fields 14 and 15, in 1/100 s). */
function statCpuS(path: string): { name: string; cpuS: number } {
  const raw = readFileSync(path, "utf8");
  const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" "); // from field 3 (state) on
  return { name: raw.slice(raw.indexOf("(") + 1, raw.lastIndexOf(")")).replace(/\s+/g, "_"), cpuS: (Number(fields[11]) + Number(fields[12])) / 100 };
}

/** Peak RSS (VmHWM) and CPU seconds of a running process, from /proc (Linux), or null. */
function procStats(pid: number): { hwmKiB: number; cpuS: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return { hwmKiB: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0), cpuS: statCpuS(`/proc/${pid}/stat`).cpuS };
  } catch {
    return null;
  }
}

/** The CPU seconds of each thread of a process so far, keyed "tid name" (Linux /proc). */
function threadCpu(pid: number, into: Map<string, number>): void {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const { name, cpuS } = statCpuS(`/proc/${pid}/task/${tid}/stat`);
      into.set(`${tid} ${name}`, cpuS);
    }
  } catch {
    // the process ended between two reads
  }
}

/** The crawl as users run it: the built CLI in a process of its own. */
async function crawlWithCli(dist: string, port: number, dir: string, server: import("node:child_process").ChildProcess): Promise<void> {
  const cli = join(dist, "cli", "main.js");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  const args = [cli, "crawl", "site", `http://127.0.0.1:${port}/docs/p0.html`, "-o", join(dir, "pages.jsonl"), "--allow-private", "--ignore-robots", "--progress", "none", "--concurrency", "16", "--per-host", "16", "--max-body", "16MiB", "--json"];
  const t0 = performance.now();
  // CORIO_PROBE_NODE_FLAGS: node flags for the crawler (e.g. "--cpu-prof --cpu-prof-dir=DIR"), for diagnosis.
  const flags = (process.env["CORIO_PROBE_NODE_FLAGS"] ?? "").split(" ").filter(Boolean);
  const crawler = spawn(process.execPath, [...flags, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  crawler.stdout.on("data", (d: Buffer) => (out += d.toString()));
  // VmHWM only grows: the highest reading is the peak, up to the last 50 ms before the exit.
  let last: { hwmKiB: number; cpuS: number } | null = null;
  const threads = new Map<string, number>(); // CORIO_PROBE_THREADS=1: CPU s by thread name
  const sampler = setInterval(() => {
    if (process.env["CORIO_PROBE_THREADS"] === "1") threadCpu(crawler.pid!, threads);
    const now = procStats(crawler.pid!);
    if (now !== null && now.hwmKiB > 0) last = { hwmKiB: Math.max(now.hwmKiB, last?.hwmKiB ?? 0), cpuS: Math.max(now.cpuS, last?.cpuS ?? 0) };
  }, 50);
  const code = await new Promise<number | null>((r) => crawler.on("exit", r));
  clearInterval(sampler);
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`the crawl exited with ${code}`);
  const summary = JSON.parse(out) as { totals: { ok: number } };
  server.send("gap");
  const gap = await new Promise<{ longest: number; longestAt: string }>((r) => server.once("message", r as never));
  const stats = last as { hwmKiB: number; cpuS: number } | null;
  console.log(`| pages ok | pages/s | CPU s | peak RSS (MB) | longest gap between responses (ms) |`);
  console.log(`|---|---|---|---|---|`);
  console.log(`| ${summary.totals.ok} | ${(summary.totals.ok / wall).toFixed(0)} | ${stats ? stats.cpuS.toFixed(1) : "—"} | ${stats ? (stats.hwmKiB / 1024).toFixed(0) : "— (no /proc)"} | ${gap.longest.toFixed(0)} (before ${gap.longestAt}) |`);
  console.log(`\n(\`corio crawl site … --concurrency 16 --per-host 16\` in a process of its own; pages/s counts its start-up and output.)`);
  if (threads.size > 0) {
    // The main thread's id is the process id; the others are V8's helpers, libuv's pool and the page worker.
    const rows = [...threads].map(([key, cpu]) => [key.startsWith(`${crawler.pid} `) ? `main (${key})` : key, cpu] as const);
    console.log(`CPU s by thread: ${rows.sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, c]) => `${n} ${c.toFixed(1)}`).join(", ")}`);
  }
}

/** Self sizes in a heap snapshot, summed by node type and constructor name: the top 15. */
function summarizeHeap(path: string): void {
  const snap = JSON.parse(readFileSync(path, "utf8")) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = [fields.indexOf("type"), fields.indexOf("name"), fields.indexOf("self_size")];
  const by = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + iType]!]!;
    const name = type === "string" || type === "concatenated string" || type === "sliced string" ? `(${type})` : type === "object" || type === "closure" || type === "native" ? `${snap.strings[snap.nodes[i + iName]!]} [${type}]` : `(${type})`;
    const size = snap.nodes[i + iSize]!;
    total += size;
    const e = by.get(name) ?? { size: 0, count: 0 };
    e.size += size;
    e.count++;
    by.set(name, e);
  }
  console.log(`\nheap at the snapshot: ${(total / 2 ** 20).toFixed(1)} MB (self sizes)\n\n| what | MB | count |\n|---|---|---|`);
  for (const [name, e] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, 15)) console.log(`| ${name} | ${(e.size / 2 ** 20).toFixed(1)} | ${e.count} |`);
}
