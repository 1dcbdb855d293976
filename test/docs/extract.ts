/**
 * Finds the code blocks of the documentation, for the snippet test.
 *
 * The convention every doc follows:
 * - a ```ts block is a complete program that imports from "corio" (or "@corio/crawl"):
 *   it is type-checked and run, and must end by itself;
 * - a ```ts no-run block is type-checked only (it serves forever, needs the network…);
 * - a ```text block right after a runnable ```ts block (nothing but blank lines between)
 *   is that program's expected standard output;
 * - every other block (sh, json, js, text elsewhere) is ignored.
 */
import fs from "node:fs";
import path from "node:path";

/** One ```ts block of a Markdown file. */
export interface Snippet {
  /** The Markdown file, relative to the repository root (`docs/sync.md`). */
  doc: string;
  /** 1-based line of the opening fence in `doc`. */
  line: number;
  /** The block's code, its fence indentation removed. */
  code: string;
  /** False for ```ts no-run. */
  run: boolean;
  /** The ```text block that follows it, if any: its expected standard output. */
  expectedOutput: string | undefined;
}

interface Block {
  line: number;
  lang: string;
  flags: string[];
  code: string;
  /** Line just after the closing fence. */
  end: number;
}

const OPEN = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

/** Every fenced block of `text`, with its language and the words after it. */
export function fencedBlocks(text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open as unknown as [string, string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      const t = l.trim();
      if (t.startsWith(fence[0]!.repeat(fence.length)) && /^(`+|~+)$/.test(t)) break;
      body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
    }
    blocks.push({ line: i + 1, lang: lang.toLowerCase(), flags: rest.split(/\s+/).filter(Boolean), code: body.join("\n") + "\n", end: j + 1 });
    i = j;
  }
  return blocks;
}

/** The ```ts snippets of one Markdown file (`doc` relative to `root`). */
export function snippetsOf(root: string, doc: string): Snippet[] {
  const text = fs.readFileSync(path.join(root, doc), "utf8");
  const lines = text.split("\n");
  const blocks = fencedBlocks(text);
  const out: Snippet[] = [];
  blocks.forEach((b, k) => {
    if (b.lang !== "ts" && b.lang !== "typescript") return;
    const run = !b.flags.includes("no-run");
    const next = blocks[k + 1];
    const onlyBlankBetween = next !== undefined && lines.slice(b.end, next.line - 1).every((l) => l.trim() === "");
    const expectedOutput = run && next?.lang === "text" && onlyBlankBetween ? next.code : undefined;
    out.push({ doc, line: b.line, code: b.code, run, expectedOutput });
  });
  return out;
}

/** The documentation whose snippets must work: README.md, packages/x/README.md, docs/x.md. */
export function docFiles(root: string): string[] {
  const files = ["README.md"];
  for (const pkg of fs.readdirSync(path.join(root, "packages")).sort()) {
    if (fs.existsSync(path.join(root, "packages", pkg, "README.md"))) files.push(`packages/${pkg}/README.md`);
  }
  for (const f of fs.readdirSync(path.join(root, "docs")).sort()) if (f.endsWith(".md")) files.push(`docs/${f}`);
  return files;
}
