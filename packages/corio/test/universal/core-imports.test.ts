/**
 * The universal core stays universal: walking the import graph from src/core.ts reaches
 * no `node:` module, no bare package and no Node global — the rule that lets `corio/core`
 * run in browsers and workers (docs/runtimes.md). A file that breaks it is named, with
 * the chain of imports that pulled it in.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** Source without comments and string contents, so prose about `process` does not count. */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1")
    .replace(/`(?:\\.|[^`\\])*`/g, "``")
    .replace(/"(?:\\.|[^"\\\n])*"/g, (s) => (s.startsWith('"./') || s.startsWith('"../') || s.startsWith('"node:') ? s : '""'));
}

/** Module specifiers a file imports or re-exports (type-only ones included: they reach the .d.ts). */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*"([^"]+)"|(?:^|\n)\s*import\s*"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)) {
    specs.push((m[1] ?? m[2] ?? m[3])!);
  }
  return specs;
}

/**
 * Node globals the core must reach only through the host (host/host.ts) or, for
 * setImmediate, as a property looked up on globalThis (loop/macrotask.ts). A property
 * declaration (`setImmediate?: …`) is a name, not a use.
 */
const NODE_GLOBALS = /(?<![.\w$])(process|Buffer|require|__dirname|__filename|setImmediate|clearImmediate)(?![\w$]|\??:)/;

interface Visit { file: string; via: string[] }

function walk(entry: string): { files: Map<string, string[]>; problems: string[] } {
  const files = new Map<string, string[]>();
  const problems: string[] = [];
  const stack: Visit[] = [{ file: entry, via: [] }];
  while (stack.length > 0) {
    const { file, via } = stack.pop()!;
    if (files.has(file)) continue;
    files.set(file, via);
    const rel = path.relative(SRC, file);
    const chain = [...via, rel].join(" → ");
    const text = fs.readFileSync(file, "utf8");
    for (const spec of importsOf(text)) {
      if (spec.startsWith(".")) {
        stack.push({ file: path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts")), via: [...via, rel] });
      } else problems.push(`${chain} imports "${spec}"`);
    }
    const global = NODE_GLOBALS.exec(codeOnly(text));
    if (global !== null) problems.push(`${chain} uses the Node global ${global[1]}`);
  }
  return { files, problems };
}

describe("the universal core (src/core.ts)", () => {
  it("imports no node: module, no package and no Node global, however deep", () => {
    const { files, problems } = walk(path.join(SRC, "core.ts"));
    expect(problems).toEqual([]);
    // The walk did see the core: the loop, tasks, scopes, sync and queues are all in it.
    const seen = [...files.keys()].map((f) => path.relative(SRC, f));
    expect(seen).toEqual(expect.arrayContaining(["loop/event-loop.ts", "task/task.ts", "scopes/task-group.ts", "sync/lock.ts", "queues/queue.ts", "loop/virtual-clock.ts", "errors.ts"]));
  });

  it("the walk finds what it looks for: the Node entry point fails the same check", () => {
    const { problems } = walk(path.join(SRC, "node.ts"));
    expect(problems.some((p) => p.includes('imports "node:'))).toBe(true);
    expect(problems.some((p) => p.includes("uses the Node global"))).toBe(true);
  });
});
