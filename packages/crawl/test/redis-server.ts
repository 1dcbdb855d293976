/**
 * Redis for the tests: the server CI started (`CORIO_TEST_REDIS_URL`, see `.ci/run`), or
 * one this test file starts with `scripts/redis-for-tests.sh` when redis-server is
 * installed. When neither is possible the Redis tests are skipped, and `skipReason`
 * says why (printed once per file).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

const SCRIPT = fileURLToPath(new URL("../../../scripts/redis-for-tests.sh", import.meta.url));

/** A server started by {@link startRedis}. */
export interface TestRedis {
  url: string;
  dir: string;
  port: number;
  /** Stop the server, keeping its data directory (with `persist`, `start()` brings the data back). */
  stop(): void;
  /** Start it again on the same port and directory. */
  start(): void;
  /** Stop it and remove its directory. */
  destroy(): void;
}

function haveRedisServer(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Start a private redis-server (same machinery as CI). Throws if it cannot. */
export function startRedis(opts: { persist?: boolean } = {}): TestRedis {
  const out = execFileSync(SCRIPT, ["start", ...(opts.persist ? ["--persist"] : [])], { encoding: "utf8", timeout: 20_000 });
  const url = /^REDIS_URL=(.*)$/m.exec(out)![1]!;
  const dir = /^REDIS_DIR=(.*)$/m.exec(out)![1]!;
  const port = Number(new URL(url).port);
  const start = () => {
    execFileSync(SCRIPT, ["start", "--port", String(port), "--dir", dir, ...(opts.persist ? ["--persist"] : [])], { stdio: "ignore", timeout: 20_000 });
  };
  return {
    url,
    dir,
    port,
    stop: () => execFileSync(SCRIPT, ["stop", dir, "--keep"], { stdio: "ignore", timeout: 20_000 }),
    start,
    destroy: () => execFileSync(SCRIPT, ["stop", dir], { stdio: "ignore", timeout: 20_000 }),
  };
}

/** Can this machine start its own redis-server (for restart tests)? */
export const canStartRedis: boolean = !process.env["CORIO_TEST_REDIS_SKIP"] && haveRedisServer();

function resolveRedis(): { url: string | null; skipReason: string } {
  if (process.env["CORIO_TEST_REDIS_SKIP"]) return { url: null, skipReason: process.env["CORIO_TEST_REDIS_SKIP"] };
  const fromEnv = process.env["CORIO_TEST_REDIS_URL"];
  if (fromEnv) return { url: fromEnv, skipReason: "" };
  if (!canStartRedis) {
    return { url: null, skipReason: "redis-server is not installed; run `scripts/redis-for-tests.sh start` and set CORIO_TEST_REDIS_URL (as .ci/run does)" };
  }
  try {
    const server = startRedis();
    afterAll(() => server.destroy());
    return { url: server.url, skipReason: "" };
  } catch (e) {
    return { url: null, skipReason: `redis-server did not start: ${(e as Error).message}` };
  }
}

const resolved = resolveRedis();
/** The Redis URL for this file's tests, or `null` (then skip, with {@link skipReason}). */
export const redisUrl: string | null = resolved.url;
export const skipReason: string = resolved.skipReason;
if (redisUrl === null) console.warn(`[redis tests skipped] ${skipReason}`);

/** A crawl id no other test uses. */
export function freshCrawlId(label = "t"): string {
  return `${label}-${randomBytes(6).toString("hex")}`;
}
