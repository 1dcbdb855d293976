/**
 * The declarations corio publishes (dist/*.d.ts) show users the API and nothing else:
 * - no internal member (`_exit`, `_loop`, `_unretrieved`…): tag each `/** @internal *\/`,
 *   which `stripInternal` (tsconfig.base.json) leaves out of the .d.ts;
 * - no default import of a Node builtin (`import net from "node:net"` in a .d.ts breaks
 *   users compiling without esModuleInterop): use `import * as net` or named imports;
 * - they compile for a user with strict settings, `skipLibCheck: false` and no
 *   esModuleInterop (a stripped type that a kept declaration still names fails here).
 * The declarations are emitted afresh from the sources into a temp folder, so a stale
 * dist cannot hide a problem.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const PACKAGE = path.join(ROOT, "packages/corio");

let out = "";
let dts: { file: string; text: string }[] = [];

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "corio-dts-"));
  const config = ts.getParsedCommandLineOfConfigFile(path.join(PACKAGE, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  })!;
  const options: ts.CompilerOptions = {
    ...config.options,
    outDir: out,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    composite: false,
    incremental: false,
    tsBuildInfoFile: undefined,
  };
  const program = ts.createProgram(config.fileNames, options);
  const result = program.emit();
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, formatHost));
  dts = walk(out).map((file) => ({ file: path.relative(out, file), text: fs.readFileSync(file, "utf8") }));
}, 120_000);

afterAll(() => {
  if (out !== "") fs.rmSync(out, { recursive: true, force: true });
});

describe("corio's declarations", () => {
  it("are emitted for the whole package", () => {
    expect(dts.map((d) => d.file)).toContain("index.d.ts");
  });

  it("declare no internal member", () => {
    // A class or interface member whose name starts with "_" (constructor parameters are
    // not members, and stay).
    const member = /^\s+(?:(?:readonly|static|protected|abstract|get|set)\s+)*(_[A-Za-z]\w*)\??\s*[(:<]/gm;
    const found = dts.flatMap((d) => [...d.text.matchAll(member)].map((m) => `${d.file}: ${m[1]} (tag it /** @internal */)`));
    expect(found).toEqual([]);
  });

  it("do not default-import Node builtins", () => {
    const defaultImport = /^import\s+(?:type\s+)?[A-Za-z_$][\w$]*\s*(?:,\s*\{[^}]*\}\s*)?from\s+["'](?:node:)?[a-z_/]+["']/gm;
    const found = dts.flatMap((d) => (d.text.match(defaultImport) ?? []).map((m) => `${d.file}: ${m} (use import * as x)`));
    expect(found).toEqual([]);
  });

  it("compile for a strict user without esModuleInterop or skipLibCheck", () => {
    const user = path.join(out, "user.ts");
    fs.writeFileSync(
      user,
      [
        'import { run, sleep, openConnection, startServer, Lock, Task, Future, type StreamReader } from "corio";',
        "const lock: Lock = new Lock();",
        "export const done: Promise<number> = run(function* () { yield* sleep(1); return 1; });",
        "export type Used = [typeof openConnection, typeof startServer, typeof lock, Task<void>, Future<string>, StreamReader];",
        "",
      ].join("\n"),
    );
    const program = ts.createProgram([user], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      esModuleInterop: false,
      allowSyntheticDefaultImports: false,
      skipLibCheck: false,
      types: ["node"],
      typeRoots: [path.join(ROOT, "node_modules/@types")],
      paths: { corio: [path.join(out, "index.d.ts")] },
    });
    const errors = ts.getPreEmitDiagnostics(program);
    expect(ts.formatDiagnostics(errors, formatHost)).toBe("");
  }, 60_000);
});

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => ROOT,
  getNewLine: () => "\n",
};

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith(".d.ts") ? [p] : [];
  });
}
