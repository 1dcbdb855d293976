/**
 * A package's README is also its npm page, where only the published files exist (`files`:
 * dist): a relative link there is broken. Package READMEs link absolutely (to the
 * repository named in package.json) or to an anchor of the same page.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const packages = fs.readdirSync(path.join(ROOT, "packages")).filter((p) => fs.existsSync(path.join(ROOT, "packages", p, "README.md")));

describe.each(packages)("packages/%s", (pkg) => {
  const dir = path.join(ROOT, "packages", pkg);

  it("README.md has no relative link (it would break on npm)", () => {
    const text = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    const targets = [...text.matchAll(/\]\(([^)\s]+)[^)]*\)|^\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] ?? m[2]!);
    expect(targets.filter((t) => !/^(https?:|mailto:|#)/.test(t))).toEqual([]);
  });

  it("package.json names the repository its README links to", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { repository?: { url?: string; directory?: string } };
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(manifest.repository?.directory).toBe(`packages/${pkg}`);
  });
});
