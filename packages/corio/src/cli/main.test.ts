/**
 * The `corio` command end to end: the checked-in bin, --version/--help, `crawl` handing
 * over to @corio/crawl, and `ps`/`pstree` against a live child process.
 * The bin runs the built CLI (dist/): `tsc -b` brings it up to date first.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const PKG = fileURLToPath(new URL("../../", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const BIN = `${PKG}bin/corio.js`;
const FIXTURE = `${PKG}test/fixtures/task-tree.mjs`;

function corio(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr });
    });
  });
}

const children: ChildProcess[] = [];

/** Starts `node args…` and resolves once it printed "ready". */
function startProgram(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("ready\n")) resolve(child);
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => reject(new Error(`the program exited (${code}) before it was ready: ${err}`)));
  });
}

afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

beforeAll(() => {
  // The bin and the fixtures run the built package: bring dist/ up to date (a no-op when it is).
  execFileSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, "-b", "packages/corio", "packages/crawl"], { cwd: ROOT });
}, 180_000);

describe("the corio bin", () => {
  it("is checked in, executable, and what package.json links", () => {
    const pkg = JSON.parse(readFileSync(`${PKG}package.json`, "utf8")) as { bin: Record<string, string>; files: string[] };
    expect(pkg.bin).toEqual({ corio: "./bin/corio.js" });
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "src", "bin"]));
    expect(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    const crawlPkg = JSON.parse(readFileSync(`${ROOT}packages/crawl/package.json`, "utf8")) as { bin: Record<string, string> };
    expect(crawlPkg.bin["corio"]).toBeUndefined();
    expect(existsSync(`${ROOT}packages/crawl/${crawlPkg.bin["corio-crawl"]}`)).toBe(true);
  });

  it("--version prints corio's version", async () => {
    const { version } = JSON.parse(readFileSync(`${PKG}package.json`, "utf8")) as { version: string };
    expect(await corio("--version")).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("--help lists the commands; an unknown one is one line", async () => {
    const help = await corio("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/ps <pid>[\s\S]*pstree <pid>[\s\S]*crawl/);
    const bad = await corio("frobnicate");
    expect(bad).toEqual({ code: 1, stdout: "", stderr: 'corio: unknown command "frobnicate" (commands: ps, pstree, crawl; see corio --help)\n' });
  });

  it("crawl --help is @corio/crawl's help", async () => {
    const r = await corio("crawl", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: corio crawl/);
    expect(r.stdout).toMatch(/book/);
  });
});

describe("corio crawl without @corio/crawl", () => {
  it("says in one line what to install", async () => {
    const { crawl } = await import("./main.js");
    let err = "";
    const code = await crawl(["--help"], { stdout: () => {}, stderr: (t) => (err += t) }, "@corio/not-installed");
    expect(code).toBe(1);
    expect(err).toBe("corio crawl needs @corio/not-installed: npm install @corio/not-installed\n");
  });
});

describe("corio ps / pstree", () => {
  it("lists the tasks of a running program, and draws their tree", async () => {
    const child = await startProgram([FIXTURE]);
    const ps = await corio("ps", String(child.pid));
    expect({ code: ps.code, stderr: ps.stderr }).toEqual({ code: 0, stderr: "" });
    const rows = ps.stdout.trim().split("\n");
    expect(rows, ps.stdout).toHaveLength(7);
    expect(rows[0]).toMatch(/^LOOP\s+TASK\s+NAME\s+STATE\s+WAITING ON\s+PARENT/);
    const row = (name: string) => rows.find((r) => r.split(/\s{2,}/)[2] === name) ?? "";
    expect(row("root")).toMatch(/waiting\s+TaskGroup \(3 running\)\s+-/);
    expect(row("locker")).toMatch(/waiting\s+Lock#\d+\.acquire\s+\d+ root \(TaskGroup\)/);
    expect(row("consumer")).toMatch(/waiting\s+Queue\.get\s+\d+ root \(TaskGroup\)/);
    expect(row("gatherer")).toMatch(/waiting\s+gather of 2\s+\d+ root \(TaskGroup\)/);
    expect(row("sleeper")).toMatch(/waiting\s+sleep until [\d.]+ ms\s+\d+ gatherer \(gather\)/);
    expect(row("eventer")).toMatch(/waiting\s+Event#\d+\.wait\s+\d+ gatherer \(gather\)/);

    // A second look works too: the inspector opened for the first one was closed again.
    const tree = await corio("pstree", String(child.pid));
    expect(tree.code).toBe(0);
    const names = tree.stdout.split("\n").map((l) => /^([│├└─ ]*)Task "([^"]+)"/.exec(l)).filter((m) => m !== null).map((m) => `${m![1]!.length / 4}:${m![2]}`);
    expect(names).toEqual(["1:root", "2:locker", "2:consumer", "2:gatherer", "3:sleeper", "3:eventer"]);
  });

  it("shows where each task waits when the program runs in debug mode", async () => {
    const child = spawn(process.execPath, [FIXTURE], { cwd: ROOT, env: { ...process.env, CORIO_DEBUG: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    await new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));
    const ps = await corio("ps", String(child.pid));
    expect(ps.stdout).toMatch(/ consumer .*Queue\.get .*task-tree\.mjs:12:\d+/);
    // A task that is a bare awaitable has no user frame: the column stays empty, no Node internals.
    expect(ps.stdout).toMatch(/ sleeper .*\(gather\)\n/);
  });

  it("shows the line a task blocking the event loop is stuck on", async () => {
    const child = await startProgram([`${PKG}test/fixtures/blocked-loop.mjs`]);
    const ps = await corio("ps", String(child.pid));
    expect(ps.stdout).toMatch(/ spinner +running .*spinForever \(.*blocked-loop\.mjs:\d+:\d+\)/);
  });

  it("says so when the process does not run corio", async () => {
    const child = await startProgram(["-e", "setInterval(() => {}, 1000); console.log('ready')"]);
    const r = await corio("ps", String(child.pid));
    expect(r).toEqual({ code: 1, stdout: "", stderr: `corio ps: PID ${child.pid} runs Node.js but not corio (no corio registry: corio registers its loops when it is imported)\n` });
  });

  it("says so when there is no such process, or it is not Node.js", async () => {
    expect((await corio("ps", "999999999")).stderr).toBe("corio ps: no process with PID 999999999\n");
    const sh = spawn("sleep", ["30"]);
    children.push(sh);
    const r = await corio("pstree", String(sh.pid));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`corio pstree: PID ${sh.pid} is not a Node.js process (it runs sleep)\n`);
    expect((await corio("ps")).stderr).toBe("corio ps: expected a process id, e.g. corio ps 12345\n");
  });

  it("says so when the inspector port is taken by another process", async () => {
    const server: Server = createServer((s) => s.destroy());
    const listening = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(9229, "127.0.0.1", () => resolve(true));
    });
    // Someone else holds 9229 already: that is the situation under test as well.
    try {
      const child = await startProgram([FIXTURE]);
      const r = await corio("ps", String(child.pid));
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `corio ps: PID ${child.pid} could not open its inspector: 127.0.0.1:9229 is in use by another process (stop that debugger or program, or start PID ${child.pid} with --inspect=0)\n`,
      );
    } finally {
      if (listening) await new Promise((r) => server.close(r));
    }
  });
});
