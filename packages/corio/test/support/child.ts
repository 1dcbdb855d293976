/**
 * Runs a small TypeScript program in a child process (through tsx) against corio's source:
 * for what only a whole process shows — garbage collection, reports at exit, exit codes,
 * real signals. The program imports from "corio"; the import is pointed at the source.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const CORIO = pathToFileURL(fileURLToPath(new URL("../../src/index.ts", import.meta.url))).href;
/** The workspace root, where `--import tsx` resolves. */
const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  /** Run node with `--expose-gc` (the program can call `globalThis.gc()`). */
  gc?: boolean;
  /** Extra environment variables; CORIO_* variables of this process are not passed on. */
  env?: Record<string, string>;
  /** Called with each chunk of the child's stdout, and the child (to signal it). */
  onStdout?: (chunk: string, child: import("node:child_process").ChildProcess) => void;
}

/** Runs `source` (a module that imports from "corio") and resolves once it exited. */
export async function runProgram(source: string, options: ChildOptions = {}): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), "corio-child-"));
  try {
    const file = join(dir, "program.mts");
    writeFileSync(file, source.replaceAll(/from "corio"/g, `from ${JSON.stringify(CORIO)}`));
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("CORIO_")) env[k] = v;
    const args = [...(options.gc ? ["--expose-gc"] : []), "--import", "tsx", file];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(d.toString(), child);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once("close", (c, s) => resolve([c, s])),
    );
    return { code, signal, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
