import { existsSync, readFileSync, rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ExceptionGroup } from "corio";
import { CrawlError, EnvironmentError, UsageError } from "../errors.js";
import { EXIT, causes, crashFilePath, installLastResort, reportError } from "./report-error.js";

afterEach(() => rmSync(crashFilePath(), { force: true }));

function report(e: unknown): { code: number; text: string } {
  let text = "";
  const code = reportError(e, (t) => (text += t), ["crawl", "book", "x"]);
  return { code, text };
}

const NO_TRACE = /\n\s+at /;

describe("reportError", () => {
  it("prints the user's errors as one line, exit 1", () => {
    expect(report(new UsageError("expected an integer >= 1, got \"x\"", { option: "--retries" }))).toEqual({ code: EXIT.usage, text: 'corio crawl: --retries: expected an integer >= 1, got "x"\n' });
    expect(report(new EnvironmentError("state-in-use", "the state file b.db is in use by pid 7"))).toEqual({ code: 1, text: "corio crawl: the state file b.db is in use by pid 7\n" });
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write", path: "/data/out/pages.jsonl" });
    expect(report(full)).toEqual({ code: 1, text: "corio crawl: /data/out/pages.jsonl: no space left on device; free some space and run again (the crawl resumes)\n" });
    const big = Object.assign(new Error("EFBIG: file too large, write"), { code: "EFBIG", syscall: "write", path: "/media/usb/pages.jsonl" });
    expect(report(big)).toEqual({ code: 1, text: "corio crawl: /media/usb/pages.jsonl: file too large for its file system (FAT32 stops at 4 GiB) or for 'ulimit -f'; choose a path on another file system\n" });
  });

  it("a path that vanished during the crawl is the user's (exit 1); an ENOENT without a path stays ours", () => {
    const gone = Object.assign(new Error("ENOENT: no such file or directory, open 'out/.book.md.1.tmp'"), { code: "ENOENT", syscall: "open", path: "out/.book.md.1.tmp" });
    expect(report(gone)).toEqual({ code: 1, text: "corio crawl: out/.book.md.1.tmp: no such file or directory (was its directory removed during the crawl?); check the path and run again\n" });
    const spawn = Object.assign(new Error("spawn x ENOENT"), { code: "ENOENT", syscall: "spawn x" });
    expect(report(spawn).code).toBe(EXIT.internal);
  });

  it("unwraps task-group errors and reports the user's cause among them", () => {
    const group = new ExceptionGroup("unhandled errors in a TaskGroup", [new TypeError("boom"), new ExceptionGroup("inner", [new UsageError("bad path")])]);
    expect(causes(group)).toHaveLength(2);
    expect(report(group)).toEqual({ code: 1, text: "corio crawl: bad path\n" });
  });

  it("an internal error is one line naming the trace file, exit 70; the file holds every cause's stack", () => {
    const group = new ExceptionGroup("unhandled errors in a TaskGroup", [new CrawlError("internal", "complete(10): the entry is queued, not leased"), new TypeError("second")]);
    const { code, text } = report(group);
    expect(code).toBe(EXIT.internal);
    expect(text).toBe(`corio crawl: internal error: complete(10): the entry is queued, not leased; the full trace is in ${crashFilePath()} (please attach it to a bug report)\n`);
    expect(text).not.toMatch(NO_TRACE);
    const trace = readFileSync(crashFilePath(), "utf8");
    expect(trace).toMatch(/argv: \["crawl","book","x"\]/);
    expect(trace).toMatch(/cause 1 of 2[\s\S]*CrawlError: complete\(10\)[\s\S]*\n\s+at [\s\S]*cause 2 of 2[\s\S]*TypeError: second/);
  });
});

describe("installLastResort", () => {
  it("routes an uncaught exception or rejection to the same line and exit code, and only when no one else handles them", () => {
    // The test runner has handlers of its own: then nothing is installed.
    expect(process.listenerCount("uncaughtException")).toBeGreaterThan(0);
    const before = process.listenerCount("uncaughtException");
    installLastResort(() => {})();
    expect(process.listenerCount("uncaughtException")).toBe(before);
    // Without them (a CLI process), both events exit through reportError.
    const saved = { ex: process.rawListeners("uncaughtException"), rej: process.rawListeners("unhandledRejection") };
    process.removeAllListeners("uncaughtException");
    process.removeAllListeners("unhandledRejection");
    const exits: number[] = [];
    let text = "";
    try {
      const uninstall = installLastResort((t) => (text += t), (c) => exits.push(c));
      process.emit("uncaughtException", new UsageError("no such option"));
      process.emit("unhandledRejection", new Error("a bug"), Promise.resolve());
      uninstall();
      expect(process.listenerCount("uncaughtException")).toBe(0);
    } finally {
      for (const l of saved.ex) process.on("uncaughtException", l as (e: Error) => void);
      for (const l of saved.rej) process.on("unhandledRejection", l as (e: unknown) => void);
    }
    expect(exits).toEqual([EXIT.usage, EXIT.internal]);
    expect(text.split("\n")).toEqual(["corio crawl: no such option", expect.stringMatching(/^corio crawl: internal error: a bug; the full trace is in /), ""]);
    expect(existsSync(crashFilePath())).toBe(true);
  });
});
