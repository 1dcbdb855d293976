/**
 * The published manifests say what tools and registries need: `types` first in every
 * `exports` condition (TypeScript takes the first match), ESM with engines that allow
 * require(esm), provenance-ready repository fields, and a `sideEffects` that lists exactly
 * the modules that act when imported (so bundlers may drop the others).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { manifestOf, PUBLISHED, ROOT } from "./published-packages.js";

const root = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };

/** Every conditions object of an `exports` map, with its path for messages. */
function conditionObjects(exports: unknown, at = "exports"): [string, Record<string, unknown>][] {
  if (exports === null || typeof exports !== "object") return [];
  const entries = Object.entries(exports as Record<string, unknown>);
  const nested = entries.flatMap(([k, v]) => conditionObjects(v, `${at}[${JSON.stringify(k)}]`));
  const isConditions = entries.every(([k]) => !k.startsWith("."));
  return isConditions ? [[at, exports as Record<string, unknown>], ...nested] : nested;
}

/** The non-test source modules of a package that run a statement when imported. */
function modulesWithEffects(dir: string): string[] {
  const src = path.join(ROOT, dir, "src");
  const files = (readdirSync(src, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !/\.(test|contract)\.ts$/.test(f))
    // The dashboard page's sources are bundled into page.html, never imported as modules.
    .filter((f) => !f.split(path.sep).join("/").startsWith("dashboard/page/"));
  return files
    .filter((f) => {
      const sf = ts.createSourceFile(f, readFileSync(path.join(src, f), "utf8"), ts.ScriptTarget.Latest);
      return sf.statements.some((s) => ts.isExpressionStatement(s) || ts.isIfStatement(s) || ts.isForOfStatement(s) || ts.isForStatement(s));
    })
    .map((f) => `./dist/${f.split(path.sep).join("/").replace(/\.ts$/, ".js")}`)
    .sort();
}

describe.each(PUBLISHED)("%s/package.json", (dir) => {
  const m = manifestOf(dir);

  it("puts `types` first in every exports condition that has one, and `default` last", () => {
    const objects = conditionObjects(m.exports);
    expect(objects.length).toBeGreaterThan(0);
    for (const [at, conditions] of objects) {
      const keys = Object.keys(conditions);
      if (keys.includes("types")) expect(keys[0], at).toBe("types");
      if (keys.includes("default")) expect(keys.at(-1), at).toBe("default");
    }
    expect(m.types, "top-level types (for tools that ignore exports)").toMatch(/\.d\.ts$/);
  });

  it("is ESM with the engines of the workspace (require(esm) needs Node 20.19+)", () => {
    expect(m.type).toBe("module");
    expect(m.engines?.node).toBe(root.engines.node);
    expect(m.engines?.node).toMatch(/^>=(20\.(19|[2-9]\d)|2[1-9])/);
  });

  it("has provenance-ready repository fields and a license", () => {
    expect(m.repository?.type).toBe("git");
    expect(m.repository?.url).toMatch(/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/);
    expect(m.repository?.directory).toBe(dir);
    expect(m.publishConfig?.provenance).toBe(true);
    expect(m.publishConfig?.access).toBe("public");
    expect(m.license).toBe("MIT");
    expect(readFileSync(path.join(ROOT, dir, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });

  it("declares as side effects exactly the modules that run a statement when imported", () => {
    const acting = modulesWithEffects(dir);
    if (acting.length === 0) expect(m.sideEffects).toBe(false);
    // The built module is what runs; a package may list its source twin too (tsx, vitest).
    else expect((m.sideEffects as string[]).filter((f) => f.startsWith("./dist/")).sort()).toEqual(acting);
  });
});

it("@corio/crawl depends on the corio version of this repository", () => {
  expect(manifestOf("packages/crawl").dependencies?.corio).toBe(manifestOf("packages/corio").version);
});
