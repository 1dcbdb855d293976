/**
 * Finding (or opening) the inspector of another Node.js process, the way `corio ps`
 * reaches a running program without any change to its code: if the process already
 * listens with an inspector, use it; else send SIGUSR1, which makes Node open one on
 * 127.0.0.1:9229, and wait for it to appear.
 *
 * On Linux the process's own listening sockets are read from /proc, so the right port is
 * found even when several inspectors run, and a busy 9229 is told apart from a process
 * that ignores the signal. Elsewhere 9229 is probed.
 * @module
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { get } from "node:http";
import { basename } from "node:path";

/** A failure to show the user as one line (no stack trace). @internal */
export class InspectError extends Error {}

/** The inspector the target listens on. @internal */
export interface InspectorTarget {
  /** `ws://127.0.0.1:9229/<uuid>` */
  webSocketUrl: string;
  /** Whether we opened it with SIGUSR1 (then it is closed again after use). */
  openedByUs: boolean;
}

/** Node's default inspector port, where SIGUSR1 opens it. */
export const DEFAULT_INSPECTOR_PORT = 9229;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Checks the PID names a live process we may signal. */
export function checkProcess(pid: number): void {
  try {
    process.kill(pid, 0);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ESRCH") throw new InspectError(`no process with PID ${pid}`);
    if (code === "EPERM") throw new InspectError(`not allowed to inspect PID ${pid}: it belongs to another user (run corio as that user)`);
    throw e;
  }
}

/** The program a process runs (`node`, `python3`…), or null if it cannot be told. */
function programOf(pid: number): string | null {
  if (process.platform === "linux") {
    try {
      return basename(readlinkSync(`/proc/${pid}/exe`));
    } catch {
      try {
        return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      } catch {
        return null;
      }
    }
  }
  try {
    return basename(execFileSync("ps", ["-p", String(pid), "-o", "comm="], { encoding: "utf8" }).trim());
  } catch {
    return null;
  }
}

/**
 * Refuses a process that is not Node.js: SIGUSR1 would kill most other programs (its
 * default action is to terminate).
 */
export function checkNode(pid: number): void {
  const program = programOf(pid);
  if (program !== null && !/node/i.test(program)) {
    throw new InspectError(`PID ${pid} is not a Node.js process (it runs ${program})`);
  }
}

/** TCP ports the process listens on (Linux, from /proc); null where that cannot be read. */
function listeningPorts(pid: number): number[] | null {
  if (process.platform !== "linux") return null;
  let inodes: Set<string>;
  try {
    inodes = new Set();
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // the descriptor closed meanwhile
      }
    }
  } catch {
    return null;
  }
  const ports: number[] = [];
  for (const table of ["tcp", "tcp6"]) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address rem_address st ... inode (column 9); st 0A is LISTEN.
      if (cols.length < 10 || cols[3] !== "0A" || !inodes.has(cols[9]!)) continue;
      ports.push(parseInt(cols[1]!.split(":")[1]!, 16));
    }
  }
  return ports;
}

/** The inspector's WebSocket URL on `port`, or null if no inspector answers there. */
function inspectorOn(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port, path: "/json/list", timeout: 1000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        try {
          const list = JSON.parse(body) as { webSocketDebuggerUrl?: string }[];
          resolve(list.find((t) => typeof t.webSocketDebuggerUrl === "string")?.webSocketDebuggerUrl ?? null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(null));
  });
}

async function inspectorOfProcess(pid: number, ports: number[] | null): Promise<string | null> {
  for (const port of ports ?? []) {
    const url = await inspectorOn(port);
    if (url !== null) return url;
  }
  return null;
}

/**
 * The inspector of `pid`, opening it with SIGUSR1 if needed.
 * @throws InspectError with a one-line explanation.
 * @internal
 */
export async function findInspector(pid: number, waitMs = 3000): Promise<InspectorTarget> {
  checkProcess(pid);
  checkNode(pid);
  const before = listeningPorts(pid);
  const existing = await inspectorOfProcess(pid, before);
  if (existing !== null) return { webSocketUrl: existing, openedByUs: false };
  // Without /proc we cannot tell whose inspector listens on 9229: only trust it after our signal.
  if (process.platform === "win32") {
    throw new InspectError(`PID ${pid} has no inspector open, and Windows has no SIGUSR1 to open one: start it with --inspect=0`);
  }
  const busyBefore = before !== null ? (await inspectorOn(DEFAULT_INSPECTOR_PORT)) !== null || (await portTaken(DEFAULT_INSPECTOR_PORT)) : false;
  process.kill(pid, "SIGUSR1");
  const deadline = Date.now() + waitMs;
  for (let round = 1; Date.now() < deadline; round++) {
    await sleep(100);
    checkProcess(pid);
    // Again every second: a signal that came while an earlier look's inspector was
    // closing opened nothing (SIGUSR1 with an inspector open is a no-op).
    if (round % 10 === 0) process.kill(pid, "SIGUSR1");
    const ports = listeningPorts(pid);
    const url = ports !== null ? await inspectorOfProcess(pid, ports) : await inspectorOn(DEFAULT_INSPECTOR_PORT);
    // Without /proc, 9229 may be a debugger the user opened: leave it open then.
    if (url !== null) return { webSocketUrl: url, openedByUs: ports !== null };
  }
  if (busyBefore) {
    throw new InspectError(
      `PID ${pid} could not open its inspector: 127.0.0.1:${DEFAULT_INSPECTOR_PORT} is in use by another process (stop that debugger or program, or start PID ${pid} with --inspect=0)`,
    );
  }
  throw new InspectError(`PID ${pid} did not open an inspector after SIGUSR1 within ${waitMs / 1000} s (started with --disable-sigusr1, or its event loop is blocked?)`);
}

/** Whether something accepts connections on 127.0.0.1:port. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: "127.0.0.1", port, path: "/", timeout: 500 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("timeout", () => {
      req.destroy();
      resolve(true);
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code !== "ECONNREFUSED"));
  });
}
