/**
 * Every code block of the documentation works: each ```ts block of README.md,
 * packages/x/README.md and docs/x.md is type-checked and run (```ts no-run blocks are only
 * type-checked; see extract.ts for the whole convention).
 *
 * How:
 * 1. The blocks are written as `<doc>-L<line>.ts` into a fresh folder under test/docs
 *    (ignored by git, removed afterwards). Inside the repository, so that "corio", tsx and
 *    @types/node resolve as they do for the project's own code.
 * 2. One `ts.createProgram` over all of them type-checks them against the packages'
 *    sources ("corio" and "@corio/crawl" mapped to src/index.ts, as vitest does), with the
 *    project's strict settings. Only the snippets' own diagnostics are asked for, so the
 *    checker looks at the packages only as far as the snippets use them.
 * 3. Each runnable block runs as its own program (`node --import tsx`, a few at a time,
 *    started before the type-check so both proceed together), in the snippet folder as
 *    working directory. There "corio" is corio-on-virtual-time.ts: `run()` defaults to an
 *    autojump VirtualClock, so the docs may sleep for seconds and the test takes none of
 *    them. A block must exit 0 by itself within RUN_TIMEOUT_MS; a block followed by a
 *    ```text block must print exactly that text.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docFiles, snippetsOf, type Snippet } from "./extract.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RUN_TIMEOUT_MS = 20_000;
/** Programs running at once: each is mostly Node's startup and tsx's transform, CPU-bound. */
const PARALLEL = Math.max(2, Math.min(4, os.availableParallelism()));

const snippets = docFiles(ROOT).flatMap((doc) => snippetsOf(ROOT, doc));
const fileOf = (s: Snippet) => `${s.doc.replace(/[^A-Za-z0-9]+/g, "-")}-L${s.line}.ts`;
const nameOf = (s: Snippet) => `${s.doc}:${s.line}${s.run ? "" : " (no-run)"}`;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

let dir = "";
let diagnostics = new Map<string, string[]>();
const outcomes = new Map<string, Promise<Outcome>>();
let typeCheckDone = () => {};
const typeChecked = new Promise<void>((resolve) => (typeCheckDone = resolve));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(ROOT, "test/docs/.snippets-"));
  const tsconfig = (corio: string) => ({
    extends: path.join(ROOT, "tsconfig.base.json"),
    compilerOptions: {
      noEmit: true,
      paths: {
        corio: [corio],
        // The entry points of docs/runtimes.md; run on the real clock (their sleeps are short).
        "corio/core": [path.join(ROOT, "packages/corio/src/core.ts")],
        "corio/node": [path.join(ROOT, "packages/corio/src/node.ts")],
        "@corio/crawl": [path.join(ROOT, "packages/crawl/src/index.ts")],
      },
    },
    include: ["*.ts"],
  });
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig(path.join(ROOT, "packages/corio/src/index.ts"))));
  fs.writeFileSync(path.join(dir, "tsconfig.run.json"), JSON.stringify(tsconfig(path.join(ROOT, "test/docs/corio-on-virtual-time.ts"))));
  for (const s of snippets) fs.writeFileSync(path.join(dir, fileOf(s)), s.code);

  const limit = pool(PARALLEL);
  for (const s of snippets) if (s.run) outcomes.set(fileOf(s), limit(() => runSnippet(fileOf(s))));
  try {
    diagnostics = typeCheck();
  } finally {
    typeCheckDone();
  }
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(outcomes.values());
  if (dir !== "") fs.rmSync(dir, { recursive: true, force: true });
});

describe("documentation snippets", () => {
  it("finds the snippets of every doc", () => {
    expect(snippets.length).toBeGreaterThan(10);
    expect(new Set(snippets.map((s) => s.doc))).toContain("docs/getting-started.md");
  });

  for (const s of snippets) {
    it(nameOf(s), async () => {
      expect(diagnostics.get(fileOf(s)) ?? [], `type errors in ${s.doc}:${s.line}`).toEqual([]);
      if (!s.run) return;
      const out = await outcomes.get(fileOf(s))!;
      const report = `${s.doc}:${s.line} ${describeExit(out)}\n--- stderr ---\n${out.stderr}\n--- stdout ---\n${out.stdout}`;
      expect(out.timedOut, `${report}\n(a block that serves forever or needs the network is fenced \`\`\`ts no-run)`).toBe(false);
      expect(out.code, report).toBe(0);
      if (s.expectedOutput !== undefined) expect(out.stdout.trimEnd(), `output of ${s.doc}:${s.line}`).toBe(s.expectedOutput.trimEnd());
    }, RUN_TIMEOUT_MS + 10_000);
  }
});

/** Type errors of each snippet file, as `doc:line: message` with the line in the doc. */
function typeCheck(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  })!;
  const program = ts.createProgram(config.fileNames, config.options);
  const bySnippetFile = new Map(snippets.map((s) => [fileOf(s), s]));
  const result = new Map<string, string[]>();
  for (const sf of program.getSourceFiles()) {
    const s = bySnippetFile.get(path.basename(sf.fileName));
    if (s === undefined || path.dirname(sf.fileName) !== dir.replaceAll(path.sep, "/")) continue;
    const found = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
      const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
      return `${s.doc}:${s.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    result.set(fileOf(s), found);
  }
  const missing = snippets.filter((s) => !result.has(fileOf(s)));
  if (missing.length > 0) throw new Error(`not type-checked: ${missing.map(nameOf).join(", ")}`);
  return result;
}

/** Runs one snippet file with tsx, "corio" being corio-on-virtual-time.ts. */
function runSnippet(file: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: path.join(dir, "tsconfig.run.json"), NO_COLOR: "1" };
    delete env.CORIO_DEBUG;
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ["--import", "tsx", file], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    // The clock starts once the type-check is over: it blocks this thread, and a timer
    // that fires when the thread wakes up would beat the news that the child had ended.
    void typeChecked.then(() => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, RUN_TIMEOUT_MS);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function describeExit(o: Outcome): string {
  if (o.timedOut) return `did not end by itself within ${RUN_TIMEOUT_MS} ms`;
  return o.signal !== null ? `was killed by ${o.signal}` : `exited with code ${o.code}`;
}

/** At most `n` of the functions given to the returned limiter run at once. */
function pool(n: number): <T>(f: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queued: (() => void)[] = [];
  return (f) =>
    new Promise((resolve, reject) => {
      const start = () => {
        active++;
        f()
          .then(resolve, reject)
          .finally(() => {
            active--;
            queued.shift()?.();
          });
      };
      if (active < n) start();
      else queued.push(start);
    });
}
