import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EnvironmentError } from "../errors.js";
import { StateLock } from "./state-lock.js";
import { useTempDir } from "../../test/support/temp-dir.js";

const tempDir = useTempDir("corio-lock-");

/** A pid that surely belongs to no running process: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

function inUse(fn: () => void): EnvironmentError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EnvironmentError);
    expect((e as EnvironmentError).code).toBe("state-in-use");
    return e as EnvironmentError;
  }
  throw new Error("expected state-in-use");
}

describe("StateLock", () => {
  it("holds pid, host and start time; a second taker is refused by name; release frees it", () => {
    const state = join(tempDir(), "book.crawl.db");
    const lock = StateLock.acquire(state);
    const owner = JSON.parse(readFileSync(`${state}.lock`, "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
    expect(lock.tookOver).toBeNull();
    const e = inUse(() => StateLock.acquire(state));
    expect(e.message).toBe(`the state file book.crawl.db is in use by pid ${process.pid} (started ${owner.started}); wait for it or use another --state`);
    lock.release();
    expect(existsSync(`${state}.lock`)).toBe(false);
    StateLock.acquire(state).release();
  });

  it("takes over the lock of a dead process, and says whose", () => {
    const state = join(tempDir(), "s.db");
    const pid = deadPid();
    writeFileSync(`${state}.lock`, JSON.stringify({ pid, host: hostname(), started: "2026-01-01T00:00:00.000Z" }));
    const lock = StateLock.acquire(state);
    expect(lock.tookOver).toEqual({ pid, host: hostname(), started: "2026-01-01T00:00:00.000Z" });
    expect(JSON.parse(readFileSync(`${state}.lock`, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("takes over an unreadable lock file", () => {
    const state = join(tempDir(), "s.db");
    writeFileSync(`${state}.lock`, "garbage");
    const lock = StateLock.acquire(state);
    expect(lock.tookOver).not.toBeNull();
    lock.release();
  });

  it("never takes over a lock of another host (its pid cannot be checked from here)", () => {
    const state = join(tempDir(), "s.db");
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: deadPid(), host: "elsewhere.example", started: "2026-01-01T00:00:00.000Z" }));
    expect(inUse(() => StateLock.acquire(state)).message).toMatch(/in use by pid \d+ on elsewhere\.example .*if that run is gone, delete .*s\.db\.lock\)$/);
  });

  it("release leaves a lock that is no longer its own", () => {
    const state = join(tempDir(), "s.db");
    const lock = StateLock.acquire(state);
    writeFileSync(`${state}.lock`, "someone else's");
    lock.release();
    expect(readFileSync(`${state}.lock`, "utf8")).toBe("someone else's");
  });
});
