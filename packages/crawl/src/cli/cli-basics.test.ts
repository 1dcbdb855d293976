import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("CLI basics", () => {
  it("--version prints @corio/crawl's version from its package.json", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(await cli(["crawl", "--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("commander's own complaints are one line in the usual shape: who, what, where the usage is", async () => {
    expect(await cli(["crawl", "site", "http://example.com/", "-o", "x.jsonl", "--scope", "nowhere"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "corio crawl: option '--scope <scope>' argument 'nowhere' is invalid. Allowed choices are same-host, same-domain, prefix; see corio crawl site --help\n",
    });
    expect(await cli(["crawl", "book", "http://example.com/", "-o", "b.md", "--bogus"])).toEqual({ code: 1, stdout: "", stderr: "corio crawl: unknown option '--bogus'; see corio crawl book --help\n" });
    expect(await cli(["frob"])).toEqual({ code: 1, stdout: "", stderr: "corio: unknown command 'frob'; see corio --help\n" });
  });

  it("each mode's help shows an output of its own kind; crawl --help lists the exit codes", async () => {
    const site = await cli(["crawl", "site", "--help"]);
    expect(site.code).toBe(0);
    const flat = (t: string) => t.replace(/\s+/g, " "); // help wraps long lines
    expect(flat(site.stdout)).toContain("e.g. -o out/pages.jsonl)");
    expect(site.stdout).toContain("-o out/pages.jsonl\n");
    expect(site.stdout).not.toMatch(/book\.(md|crawl\.db)/);
    expect(flat(site.stdout)).toContain("pages.jsonl → pages.crawl.db");
    const book = await cli(["crawl", "book", "--help"]);
    expect(flat(book.stdout)).toContain("e.g. -o out/book.md)");
    expect(book.stdout).not.toContain("pages.jsonl");
    const crawl = await cli(["crawl", "--help"]);
    for (const code of ["0 ", "1 ", "2 ", "70 ", "130 "]) expect(crawl.stdout).toMatch(new RegExp(`^  ${code}`, "m"));
    expect(crawl.stdout).toMatch(/^ {2}status /m);
  });

  it("status needs a local state or a shared crawl, and says so in one line", async () => {
    expect(await cli(["crawl", "status"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "corio crawl: give --state <file> for a local crawl, or --frontier <url> and --crawl-id <name> for a shared one\n",
    });
    const missing = await cli(["crawl", "status", "--state", "/nonexistent/book.crawl.db"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^corio crawl: --state: no state file at \/nonexistent\/book\.crawl\.db; check the path .*\n$/);
  });
});
