/**
 * Helpers of the end-to-end tests: a temp directory, an in-process crawl on a chosen
 * clock, reading the outputs, and spawning the real CLI as a child process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, onTestFinished } from "vitest";
import { run, VirtualClock, type Clock } from "corio";
import { crawl, type CrawlHooks } from "../../src/engine.js";
import type { CrawlOptionsInput } from "../../src/options.js";
import type { CrawlSummary } from "../../src/report/summary.js";
import { parseJsonl } from "../../src/output/jsonl.js";
import { makeTempDir } from "../support/temp-dir.js";
import { startFixtureSite, type FixtureSite, type FixtureSiteOptions } from "../fixture-site/index.js";

/** The fixture site (../fixture-site), closed when the test that started it ends. */
export async function fixtureSite(options?: FixtureSiteOptions): Promise<FixtureSite> {
  const site = await startFixtureSite(options);
  onTestFinished(() => site.close());
  return site;
}

/** A temp directory removed when the test ends (see ../support/temp-dir.ts). */
export function tempDir(): string {
  return makeTempDir("corio-crawl-");
}

/** Options every test crawl shares: loopback allowed, no progress, fast backoff. */
export function testOptions(extra: Partial<CrawlOptionsInput> & Pick<CrawlOptionsInput, "mode" | "startUrls">): CrawlOptionsInput {
  return { output: join(tempDir(), extra.mode === "book" ? "book.md" : "pages.jsonl"), allowPrivate: true, progress: "none", backoffBase: 10, random: () => 0.5, ...extra };
}

/** Run a crawl in process; `clock` defaults to real time. */
export function runCrawl(options: CrawlOptionsInput, clock?: Clock, hooks?: CrawlHooks): Promise<CrawlSummary> {
  return run(crawl(options, hooks), { handleSignals: false, ...(clock ? { clock } : {}) });
}

/** A VirtualClock that waits generously for loopback I/O before jumping (tests on a busy machine). */
export function virtualClock(): VirtualClock {
  return new VirtualClock({ autojumpThreshold: 1000 });
}

export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  return parseJsonl<T>(readFileSync(path, "utf8"));
}

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

/** CLI children of the current test: a test that fails early must not leave a crawl running. */
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
});

/** Spawn `corio <args>` from the TypeScript source through tsx; killed when the test ends. */
export function spawnCli(args: string[]): ChildProcess & { output: () => { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return Object.assign(child, { output: () => ({ stdout, stderr }) });
}

/** Resolve with the exit code (or `-signal`) once the child ends. */
export function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code, signal) => resolve(code ?? -(signal === "SIGKILL" ? 9 : signal === "SIGINT" ? 2 : 1)));
  });
}

/** Poll (real time) until `predicate` holds. */
export async function until(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
