/**
 * Reads the task snapshot of another process: find its inspector, evaluate the corio
 * registry's `snapshot()` there over the inspector protocol, close what we opened.
 * @module
 */
import type { ProcessSnapshot } from "../introspect/registry.js";
import { findInspector, InspectError } from "./find-inspector.js";
import { wsConnect, type WsConnection } from "./ws-client.js";

/** What is evaluated in the target: the registry's JSON, or null when corio is not loaded. */
const SNAPSHOT_EXPRESSION = `(() => { const r = globalThis[Symbol.for("corio.registry")]; return r === undefined ? null : r.snapshot(); })()`;

/**
 * Deactivates the inspector we opened, once our connection is gone (`inspector.close()`
 * waits for open connections, so it is deferred).
 */
const CLOSE_EXPRESSION = `(() => { const i = process.getBuiltinModule?.("node:inspector"); if (i) setTimeout(() => i.close(), 200).unref(); })()`;

interface Reply {
  id?: number;
  result?: { result?: { value?: unknown }; exceptionDetails?: { text?: string; exception?: { description?: string } } };
  error?: { message?: string };
}

function rpc(conn: WsConnection, timeoutMs: number) {
  let next = 0;
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  conn.onMessage = (text) => {
    let msg: Reply;
    try {
      msg = JSON.parse(text) as Reply;
    } catch {
      return;
    }
    if (msg.id === undefined) return;
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    w?.resolve(msg);
  };
  conn.onClose = (reason) => {
    for (const w of waiting.values()) w.reject(new ConnectionLost(`the inspector connection ended: ${reason}`));
    waiting.clear();
  };
  return (method: string, params: object): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new InspectError(`no answer from the inspector within ${timeoutMs / 1000} s (is the program's event loop blocked?)`));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      conn.send(JSON.stringify({ id, method, params }));
    });
}

/** The connection broke: worth another try (the inspector a previous look opened may be closing). */
class ConnectionLost extends InspectError {}

/** How many times a look is tried when the connection breaks. */
const ATTEMPTS = 3;

/**
 * The corio snapshot of process `pid`.
 * @throws InspectError with a one-line explanation (no process, not Node, no corio, port busy…).
 * @internal
 */
export async function readSnapshot(pid: number, timeoutMs = 5000): Promise<ProcessSnapshot> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(pid, timeoutMs);
    } catch (e) {
      // A look right after another one can find that one's inspector as it closes (it is
      // closed shortly after use): look again, which reopens it.
      if (!(e instanceof ConnectionLost) || attempt === ATTEMPTS) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

async function readOnce(pid: number, timeoutMs: number): Promise<ProcessSnapshot> {
  const target = await findInspector(pid);
  let conn: WsConnection;
  try {
    conn = await wsConnect(target.webSocketUrl, timeoutMs);
  } catch (e) {
    throw new ConnectionLost(`cannot connect to the inspector of PID ${pid} at ${target.webSocketUrl}: ${(e as Error).message}`);
  }
  try {
    const call = rpc(conn, timeoutMs);
    const reply = await call("Runtime.evaluate", { expression: SNAPSHOT_EXPRESSION, returnByValue: true });
    if (target.openedByUs) await call("Runtime.evaluate", { expression: CLOSE_EXPRESSION }).catch(() => undefined);
    if (reply.error !== undefined) throw new InspectError(`the inspector of PID ${pid} refused: ${reply.error.message ?? "unknown error"}`);
    const details = reply.result?.exceptionDetails;
    if (details !== undefined) {
      throw new InspectError(`reading corio's tasks in PID ${pid} failed: ${details.exception?.description?.split("\n")[0] ?? details.text ?? "exception"}`);
    }
    const value = reply.result?.result?.value;
    if (typeof value !== "string") {
      throw new InspectError(`PID ${pid} runs Node.js but not corio (no corio registry: corio registers its loops when it is imported)`);
    }
    return JSON.parse(value) as ProcessSnapshot;
  } finally {
    conn.close();
  }
}
