/**
 * A full disk, for real: a tiny tmpfs mounted for the test (root with mount rights, as in
 * CI's container; skipped with the reason elsewhere). Each case is one line naming the
 * path and the fix, exit 1, and nothing lost: once there is room, the same command
 * finishes the exact book, fetching only what the state did not hold.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { expectedBook, type FixtureSite } from "../fixture-site/index.js";
import { runCli } from "../../src/cli/run-cli.js";
import { tempDir, fixtureSite } from "./support.js";

let site: FixtureSite | undefined;

/** Mount a tmpfs of `size` (e.g. "64k") on a new temp dir, or say why this machine cannot. */
function mountTmpfs(size: string): { dir: string; resize(size: string): void; unmount(): void } | string {
  const dir = mkdtempSync(join(tmpdir(), "corio-crawl-tmpfs-"));
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs (${(r.stderr || r.error?.message || "mount failed").trim()}); run as root with mount rights`;
  }
  const must = (args: string[]) => {
    const m = spawnSync(args[0]!, args.slice(1), { encoding: "utf8" });
    if (m.status !== 0) throw new Error(`${args.join(" ")}: ${m.stderr}`);
  };
  return {
    dir,
    resize: (s) => must(["mount", "-o", `remount,size=${s}`, dir]),
    unmount: () => {
      must(["umount", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Probe once whether this machine lets the test mount.
const probe = process.platform === "linux" ? mountTmpfs("4k") : "tmpfs mounts are a Linux test";
const skipReason = typeof probe === "string" ? probe : null;
if (typeof probe !== "string") probe.unmount();

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await runCli(args, { stdout: () => {}, stderr: (t) => (stderr += t) });
  return { code, stderr };
}

const chapterRequests = (s: FixtureSite) => s.requests.filter((r) => /^\/book\/\d+\.html$/.test(r.path)).length;

describe.skipIf(skipReason !== null)(`a full disk${skipReason === null ? "" : ` (skipped: ${skipReason})`}`, () => {
  /** A mounted tmpfs, unmounted when the test ends. */
  function tmpfs(size: string): { dir: string; resize(size: string): void } {
    const m = mountTmpfs(size);
    if (typeof m === "string") throw new Error(m);
    onTestEnd.push(() => m.unmount());
    return m;
  }
  const onTestEnd: (() => void)[] = [];
  afterEach(() => {
    for (const f of onTestEnd.splice(0)) f();
  });

  it("the output's disk full when the book is written: one line naming it, exit 1; with room, the same command writes it without a request", async () => {
    site = await fixtureSite({ chapters: 100 });
    const disk = tmpfs("64k"); // the 100-chapter book is 75 KiB or more
    const out = join(disk.dir, "book.md");
    const state = join(tempDir(), "book.crawl.db");
    const args = ["crawl", "book", site.indexUrl, "-o", out, "--state", state, "--allow-private", "--progress", "none"];
    const full = await cli(args);
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toBe(`corio crawl: ${out}: no space left on device; free some space and run again (the crawl resumes)\n`);
    expect(readdirSync(disk.dir)).toEqual([]); // no temp file left filling the disk

    disk.resize("64m"); // room for a book of real-size chapters too
    const before = chapterRequests(site);
    const again = await cli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(chapterRequests(site)).toBe(before);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site.novel));
  }, 120_000);

  it("the state's disk full before the first request: one line, exit 1, no request, nothing left on that disk", async () => {
    site = await fixtureSite({ chapters: 3 });
    // 64 KiB: SQLite says "full"; 16 KiB: not even its 32 KiB shared-memory file fits, an I/O error.
    const cases = [
      { size: "64k", line: (state: string) => `the disk holding the state file ${state} is full (database or disk is full); free some space, or use another --state` },
      { size: "16k", line: (state: string) => `the disk holding the state file ${state} failed (disk I/O error); check that it has free space and works, or use another --state` },
    ];
    for (const c of cases) {
      const disk = tmpfs(c.size);
      const state = join(disk.dir, "book.crawl.db");
      const r = await cli(["crawl", "book", site.indexUrl, "-o", join(tempDir(), "book.md"), "--state", state, "--allow-private", "--progress", "none"]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toBe(`corio crawl: ${c.line(state)}\n`);
      expect(readdirSync(disk.dir)).toEqual([]);
    }
    expect(site.requests).toEqual([]);
  });

  it("the state's disk fills during the crawl: one line, exit 1; with room, the same command finishes the exact book", async () => {
    site = await fixtureSite({ chapters: 300 });
    const disk = tmpfs("256k");
    const state = join(disk.dir, "book.crawl.db");
    const out = join(tempDir(), "book.md");
    const args = ["crawl", "book", site.indexUrl, "-o", out, "--state", state, "--allow-private", "--progress", "none"];
    const full = await cli(args);
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toMatch(/^corio crawl: the disk holding the state file is full; free some space and run again \([^)]*\)\n$/);
    expect(existsSync(out)).toBe(false);

    disk.resize("64m");
    const again = await cli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expectedBook(site.novel));
  }, 120_000);
});
