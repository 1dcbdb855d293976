/**
 * What a user downloads: each published package's tarball holds the built code with its
 * declarations and source maps, the TypeScript sources those maps point to, the README,
 * LICENSE and CHANGELOG — and no tests, fixtures or build leftovers.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { manifestOf, packedFiles, PUBLISHED, ROOT } from "./published-packages.js";

/** Files that belong to the repository, never to a package. */
const NOT_PUBLISHED = [/\.test\.[cm]?[jt]s$/, /\.test\.d\.ts/, /(^|\/)test\//, /(^|\/)fixtures?\//, /\.contract\./, /tsbuildinfo/, /(^|\/)tsconfig/];

describe.each(PUBLISHED)("npm pack %s", (dir) => {
  let files: string[] = [];
  const manifest = manifestOf(dir);
  beforeAll(async () => {
    files = await packedFiles(dir);
  }, 180_000);

  it("holds the README, LICENSE, CHANGELOG and package.json", () => {
    expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "CHANGELOG.md", "package.json"]));
  });

  it("holds every file its manifest points to (main, types, exports, bin)", () => {
    const targets = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === "string") targets.add(v.replace(/^\.\//, ""));
      else if (v !== null && typeof v === "object") Object.values(v).forEach(collect);
    };
    collect([manifest.main, manifest.types, manifest.exports, manifest.bin]);
    expect(targets.size).toBeGreaterThan(2);
    for (const target of targets) expect(files, target).toContain(target);
  });

  it("holds the built JavaScript with declarations and maps beside each module", () => {
    const js = files.filter((f) => f.startsWith("dist/") && f.endsWith(".js"));
    expect(js.length).toBeGreaterThan(10);
    for (const f of js) {
      expect(files, `${f}.map`).toContain(`${f}.map`);
      expect(files, f.replace(/\.js$/, ".d.ts")).toContain(f.replace(/\.js$/, ".d.ts"));
    }
  });

  it("holds the sources every source map names, so stack traces and go-to-definition reach TypeScript", () => {
    const maps = files.filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(10);
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(path.join(ROOT, dir, map), "utf8")) as { sources: string[] };
      for (const source of sources) {
        const packed = path.posix.normalize(path.posix.join(path.posix.dirname(map), source));
        expect(files, `${map} → ${source}`).toContain(packed);
      }
    }
  });

  it("holds no tests, fixtures or build leftovers", () => {
    const strays = files.filter((f) => NOT_PUBLISHED.some((re) => re.test(f)));
    expect(strays).toEqual([]);
    // The repository does have such files next to the packed ones: the filter is doing work.
    const test = (f: string) => existsSync(path.join(ROOT, dir, f));
    expect(test("test") || files.some((f) => test(f.replace(/\.ts$/, ".test.ts")))).toBe(true);
  });
});
