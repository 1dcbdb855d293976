/**
 * 扩展:Subprocesses — the official demo the article pastes: run `ls /zzz` through the
 * shell with both pipes, `communicate()`, and print what came back.
 *
 * The article's output is from macOS (`ls: /zzz: No such file or directory`, exit 1);
 * GNU ls says `ls: cannot access '/zzz': No such file or directory` and exits with 2.
 */
import { pathToFileURL } from "node:url";
import { createSubprocessShell, PIPE, run } from "corio";

export function* runCmd(cmd: string) {
  const proc = yield* createSubprocessShell(cmd, { stdout: PIPE, stderr: PIPE });
  const [stdout, stderr] = yield* proc.communicate();
  console.log(`[${JSON.stringify(cmd).replaceAll('"', "'")} exited with ${proc.returncode}]`);
  if (stdout && stdout.length > 0) console.log(`[stdout]\n${stdout.toString()}`);
  if (stderr && stderr.length > 0) console.log(`[stderr]\n${stderr.toString()}`);
  return proc.returncode;
}

export function* main() {
  return yield* runCmd("ls /zzz");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run(main);
