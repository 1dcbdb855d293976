import { afterEach, describe, expect, it, vi } from "vitest";
import { freshCrawlId, redisUrl, skipReason } from "../../test/redis-server.js";
import { RedisFrontier } from "./redis-frontier.js";
import { activityOf, describeWorker, type WorkerActivity } from "./worker-activity.js";

const running = (over: Partial<WorkerActivity> = {}): WorkerActivity => ({ state: "running", inFlight: 0, hosts: [], leased: 0, leaseMs: 30_000, ...over });

describe("describeWorker", () => {
  it("says what a worker does in one line", () => {
    expect(describeWorker(running({ inFlight: 3, hosts: [["a.test", 2], ["b.test", 1]], leased: 9 }), 0, 500)).toBe("fetching 3: a.test ×2, b.test");
    expect(describeWorker(running({ inFlight: 5, hosts: [["a.test", 2], ["b.test", 1], ["c.test", 1]] }), 0, 0)).toBe("fetching 5: a.test ×2, b.test, c.test, …");
    expect(describeWorker(running(), 0, 0)).toBe("idle: waiting for work");
    expect(describeWorker(running({ leased: 4 }), 0, 0)).toBe("waiting: 4 leased (politeness delay)");
    expect(describeWorker(running({ state: "paused" }), 0, 0)).toBe("paused");
    expect(describeWorker(running({ state: "paused", inFlight: 2 }), 0, 0)).toBe("paused, finishing 2 in flight");
    expect(describeWorker(running({ state: "stopping", inFlight: 1 }), 0, 0)).toBe("stopping, finishing 1 in flight");
    expect(describeWorker(running({ state: "finished" }), 0, 99_000)).toBe("finished");
    expect(describeWorker(running({ state: "stopped" }), 0, 0)).toBe("stopped (left before the end)");
    expect(describeWorker(null, 0, 0)).toBe("working");
  });

  it("calls a worker silent past its lease time, whatever it said last", () => {
    expect(describeWorker(running({ inFlight: 2, hosts: [["a.test", 2]] }), 1_000, 31_000)).toBe("fetching 2: a.test ×2");
    expect(describeWorker(running({ inFlight: 2, hosts: [["a.test", 2]] }), 1_000, 41_400)).toBe("silent for 40 s (its URLs went back to the queue)");
  });
});

describe("activityOf", () => {
  it("names the busiest hosts first, at most three, and the engine's state", () => {
    const hosts = [
      { host: "a", inFlight: 1 },
      { host: "idle", inFlight: 0 },
      { host: "b", inFlight: 3 },
      { host: "c", inFlight: 1 },
      { host: "d", inFlight: 1 },
    ];
    const engine = { inFlight: () => 6, hosts: () => hosts, paused: () => false, stopping: () => false };
    expect(activityOf(engine)).toEqual({ state: "running", inFlight: 6, hosts: [["b", 3], ["a", 1], ["c", 1]] });
    expect(activityOf({ ...engine, paused: () => true }).state).toBe("paused");
    expect(activityOf({ ...engine, paused: () => true, stopping: () => true }).state).toBe("stopping");
  });
});

describe.skipIf(redisUrl === null)(`a Redis worker's published activity ${redisUrl === null ? `(skipped: ${skipReason})` : ""}`, () => {
  const open: RedisFrontier[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(open.splice(0).map((f) => f.close()));
  });

  it("is sent at most once a second and only when it changed; the last word on close is finished or stopped", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] }); // the 1 s tick; Redis I/O keeps real timers
    const crawlId = freshCrawlId("activity");
    const [a, b] = await Promise.all(["wa", "wb"].map((workerId) => RedisFrontier.connect(redisUrl!, { crawlId, workerId })));
    open.push(a!, b!);
    await a!.add(["k1", "k2"].map((key) => ({ url: `http://a.test/${key}`, key, host: "a.test", depth: 0 })));
    await a!.lease(1); // a worker is one that leased once
    await b!.lease(1);
    let inFlight = 1;
    a!.watchActivity(() => ({ state: "running", inFlight, hosts: [["a.test", inFlight]] }));
    b!.watchActivity(() => ({ state: "running", inFlight: 0, hosts: [] }));
    const doing = async () => Object.fromEntries((await a!.status()).workers.map((w) => [w.worker, w.activity && describeWorker(w.activity, w.lastSeen, w.lastSeen)]));
    await expect.poll(doing).toEqual({ wa: "fetching 1: a.test", wb: "waiting: 1 leased (politeness delay)" });
    expect((await a!.status()).workers.find((w) => w.worker === "wa")!.activity).toMatchObject({ leased: 1, leaseMs: 30_000 });

    const sent = () => a!.roundTrips;
    const before = sent();
    for (let i = 0; i < 5; i++) vi.advanceTimersByTime(1_000); // unchanged: nothing sent
    await a!.counts(); // one round trip, after anything the ticks sent
    expect(sent() - before).toBe(1);
    inFlight = 2;
    vi.advanceTimersByTime(1_000);
    await expect.poll(doing).toMatchObject({ wa: "fetching 2: a.test ×2" });

    await a!.setMeta("finished", new Date().toISOString());
    open.splice(0);
    await Promise.all([a!.close(), b!.close()]);
    const reader = await RedisFrontier.connect(redisUrl!, { crawlId, workerId: "reader" });
    open.push(reader);
    const end = (await reader.status()).workers.map((w) => [w.worker, w.activity?.state]);
    expect(end).toEqual([
      ["wa", "finished"],
      ["wb", "stopped"],
    ]);
  });
});
