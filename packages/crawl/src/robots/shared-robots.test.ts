import { describe, expect, it } from "vitest";
import { gather, getRunningLoop, run, sleep, VirtualClock, type Coro } from "corio";
import type { RobotsRecord } from "./robots.js";
import { sharedRobots, type RobotsStore } from "./shared-robots.js";

const ORIGIN = "http://a.test";
const RULES: RobotsRecord = { policy: "rules", status: 200, text: "User-agent: *\nDisallow: /private/\n" };

/** The Redis side of the scripts, in memory: one value and one lock per origin, on the loop clock. */
class FakeRedis {
  readonly values = new Map<string, string>();
  readonly locks = new Map<string, { holder: string; until: number }>();
  puts = 0;

  store(worker: string): RobotsStore {
    const now = () => getRunningLoop().time();
    return {
      robotsGet: async (origin, lockMs) => {
        const v = this.values.get(origin);
        if (v !== undefined) return v;
        const lock = this.locks.get(origin);
        if (lock === undefined || lock.until <= now() || lock.holder === worker) {
          this.locks.set(origin, { holder: worker, until: now() + lockMs });
          return "";
        }
        return null;
      },
      robotsPut: async (origin, record) => {
        this.puts++;
        if (record !== "") this.values.set(origin, record);
        if (this.locks.get(origin)?.holder === worker) this.locks.delete(origin);
      },
    };
  }
}

function* fetchAfter(ms: number, record: RobotsRecord, fetched: string[], who: string): Coro<RobotsRecord> {
  fetched.push(who);
  yield* sleep(ms);
  return record;
}

describe("sharedRobots", () => {
  it("three workers asking at once: one fetches, all obey the same rules", async () => {
    const redis = new FakeRedis();
    const fetched: string[] = [];
    const answers = await run(
      function* () {
        return yield* gather(
          ["a", "b", "c"].map((w) => sharedRobots(redis.store(w), ORIGIN, () => fetchAfter(300, RULES, fetched, w), { userAgent: "corio", lockMs: 10_000 })),
        );
      },
      { clock: new VirtualClock() },
    );
    expect(fetched).toEqual(["a"]);
    for (const answer of answers) {
      expect(answer.policy).toBe("rules");
      if (answer.policy === "rules") {
        expect(answer.rules.isAllowed(`${ORIGIN}/private/x`)).toBe(false);
        expect(answer.rules.isAllowed(`${ORIGIN}/book/`)).toBe(true);
      }
    }
    expect(JSON.parse(redis.values.get(ORIGIN)!)).toEqual(RULES);
    expect(redis.locks.size).toBe(0);
  });

  it("an unavailable robots.txt is not stored: the lock is dropped and the next worker to ask fetches", async () => {
    const redis = new FakeRedis();
    const fetched: string[] = [];
    const down: RobotsRecord = { policy: "unavailable", status: 503, detail: "http-503" };
    const [first, second] = await run(
      function* () {
        const first = yield* sharedRobots(redis.store("a"), ORIGIN, () => fetchAfter(10, down, fetched, "a"), { userAgent: "corio", lockMs: 10_000 });
        const second = yield* sharedRobots(redis.store("b"), ORIGIN, () => fetchAfter(10, RULES, fetched, "b"), { userAgent: "corio", lockMs: 10_000 });
        return [first, second] as const;
      },
      { clock: new VirtualClock() },
    );
    expect(first).toEqual({ policy: "unavailable", detail: "http-503" });
    expect(second.policy).toBe("rules");
    expect(fetched).toEqual(["a", "b"]);
  });

  it("the lock of a worker that died expires, and a waiting worker then fetches it itself", async () => {
    const redis = new FakeRedis();
    const fetched: string[] = [];
    const { answer, at } = await run(
      function* () {
        const start = getRunningLoop().time();
        redis.locks.set(ORIGIN, { holder: "dead", until: start + 5_000 });
        const answer = yield* sharedRobots(redis.store("b"), ORIGIN, () => fetchAfter(10, RULES, fetched, "b"), { userAgent: "corio", lockMs: 10_000 });
        return { answer, at: getRunningLoop().time() - start };
      },
      { clock: new VirtualClock() },
    );
    expect(answer.policy).toBe("rules");
    expect(fetched).toEqual(["b"]);
    // It waited for the lock (polling at most every second), not longer.
    expect(at).toBeGreaterThanOrEqual(5_000);
    expect(at).toBeLessThan(6_100);
  });
});
