import { describe, expect, it } from "vitest";
import { createTask, getRunningLoop, run, sleep, VirtualClock } from "corio";
import type { HostSlotGrant, SharedFrontier } from "../frontier/shared-frontier.js";
import { SharedHostSlot } from "./shared-host-slot.js";

/** The slot half of a shared frontier: `limit` holders per host, a log of what happened. */
function fakeFrontier(limit: number) {
  const holders = new Map<string, Set<string>>();
  const log: string[] = [];
  let n = 0;
  const frontier = {
    async acquireHostSlot(host: string): Promise<HostSlotGrant> {
      const set = holders.get(host) ?? new Set<string>();
      holders.set(host, set);
      if (set.size >= limit) {
        log.push(`wait ${host}`);
        return { granted: false, waitMs: 100 };
      }
      const token = `t${++n}`;
      set.add(token);
      log.push(`take ${host}`);
      return { granted: true, token };
    },
    async releaseHostSlot(host: string, token: string): Promise<void> {
      holders.get(host)?.delete(token);
      log.push(`give ${host}`);
    },
  } as unknown as SharedFrontier;
  return { frontier, holders, log };
}

describe("SharedHostSlot", () => {
  it("keeps the slot across same-host hops, gives the old host's back before taking the next host's", async () => {
    const { frontier, holders, log } = fakeFrontier(1);
    await run(
      function* () {
        const hold = new SharedHostSlot(frontier, 1);
        yield* hold.take("a.test", 0);
        yield* hold.take("a.test", 0); // a redirect on the same host
        yield* hold.take("b.test", 0); // to another host
        expect(hold.host).toBe("b.test");
        hold.release();
        hold.release(); // twice is harmless
      },
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["take a.test", "give a.test", "take b.test", "give b.test"]);
    expect([...holders.values()].every((s) => s.size === 0)).toBe(true);
  });

  it("waits as the frontier says while the host is full", async () => {
    const { frontier, holders, log } = fakeFrontier(1);
    holders.set("a.test", new Set(["other"]));
    const tookAt = await run(
      function* () {
        const start = getRunningLoop().time();
        createTask(
          (function* () {
            yield* sleep(250);
            holders.get("a.test")!.delete("other"); // the other worker is done
          })(),
        );
        const hold = new SharedHostSlot(frontier, 1);
        yield* hold.take("a.test", 0);
        const at = getRunningLoop().time() - start;
        hold.release();
        return at;
      },
      { clock: new VirtualClock() },
    );
    expect(log).toEqual(["wait a.test", "wait a.test", "wait a.test", "take a.test", "give a.test"]);
    expect(tookAt).toBe(300);
  });
});
