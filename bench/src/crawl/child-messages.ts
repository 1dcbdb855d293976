/**
 * Waiting on a bench child process: its first IPC message (bounded, with its stderr's tail
 * when it dies first) and its exit. Shared by the bench (main.ts) and the probes that run
 * the same children (probes/timeline.ts).
 */
import type { ChildProcess } from "node:child_process";

/** The child's next IPC message; rejects if it exits first or says nothing within `ms` (then it is killed). */
export function waitMessage<T>(child: ChildProcess, what: string, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${what}: no answer within ${ms / 1000} s (killed)`));
    }, ms);
    child.once("message", (m) => {
      clearTimeout(timer);
      resolve(m as T);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${signal ?? code}) before answering${stderr ? `:\n${stderr.trim()}` : ""}`));
    });
  });
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", () => r()));
}
