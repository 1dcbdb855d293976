import { afterEach, describe, expect, it, vi } from "vitest";
import { freshCrawlId, redisUrl, skipReason } from "../../test/redis-server.js";
import { RedisFrontier } from "./redis-frontier.js";
import { activityOf, describeWorker, parseActivity, workerActivity, type WorkerActivity } from "./worker-activity.js";

const running = (over: Partial<WorkerActivity> = {}): WorkerActivity => ({ state: "running", inFlight: 0, waiting: 0, hosts: [], leased: 0, leaseMs: 30_000, ...over });

describe("describeWorker", () => {
  it("says what a worker does in one line", () => {
    expect(describeWorker(running({ inFlight: 3, hosts: [["a.test", 2], ["b.test", 1]], leased: 9 }), 0, 500)).toBe("fetching 3: a.test ×2, b.test");
    expect(describeWorker(running({ inFlight: 5, hosts: [["a.test", 2], ["b.test", 1], ["c.test", 1]] }), 0, 0)).toBe("fetching 5: a.test ×2, b.test, c.test, …");
    expect(describeWorker(running(), 0, 0)).toBe("idle: waiting for work");
    expect(describeWorker(running({ leased: 4 }), 0, 0)).toBe("4 leased, none in flight");
    expect(describeWorker(running({ state: "paused" }), 0, 0)).toBe("paused");
    expect(describeWorker(running({ state: "paused", inFlight: 1, waiting: 1 }), 0, 0)).toBe("paused, finishing 2 in flight");
    expect(describeWorker(running({ waiting: 2, leased: 2 }), 0, 0)).toBe("2 waiting for a host slot");
    expect(describeWorker(running({ inFlight: 1, hosts: [["a.test", 1]], waiting: 3 }), 0, 0)).toBe("fetching 1: a.test; 3 waiting for a host slot");
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

describe("workerActivity", () => {
  it("counts as fetching the requests that hold a host slot, busiest hosts first (three at most); the rest of the dispatched wait", () => {
    const slots = ["a", "b", "b", "b", "c", "d"];
    expect(workerActivity({ state: "running", dispatched: 8 }, slots, 20, 30_000)).toEqual({
      state: "running",
      inFlight: 6,
      waiting: 2,
      hosts: [["b", 3], ["a", 1], ["c", 1]],
      leased: 20,
      leaseMs: 30_000,
    });
    expect(workerActivity({ state: "paused", dispatched: 0 }, [], 0, 1_000)).toMatchObject({ state: "paused", inFlight: 0, waiting: 0, hosts: [] });
  });

  it("takes the engine's state and its dispatched requests", () => {
    const engine = { inFlight: () => 3, paused: () => false, stopping: () => false };
    expect(activityOf(engine)).toEqual({ state: "running", dispatched: 3 });
    expect(activityOf({ ...engine, paused: () => true }).state).toBe("paused");
    expect(activityOf({ ...engine, paused: () => true, stopping: () => true }).state).toBe("stopping");
  });

  it("reads an activity without `waiting` (an older worker) as waiting for nothing", () => {
    expect(parseActivity(JSON.stringify({ state: "running", inFlight: 1, hosts: [["a", 1]], leased: 1, leaseMs: 9 }))?.waiting).toBe(0);
    expect(parseActivity("{oops")).toBeNull();
    expect(parseActivity(undefined)).toBeNull();
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
    // wa fetches one request (it holds the host's only slot), wb's one request waits for it.
    expect(await a!.acquireHostSlot("a.test", 1, 0)).toMatchObject({ granted: true });
    expect(await b!.acquireHostSlot("a.test", 1, 0)).toMatchObject({ granted: false });
    let dispatched = 1;
    a!.watchActivity(() => ({ state: "running", dispatched }));
    b!.watchActivity(() => ({ state: "running", dispatched: 1 }));
    const doing = async () => Object.fromEntries((await a!.status()).workers.map((w) => [w.worker, w.activity && describeWorker(w.activity, w.lastSeen, w.lastSeen)]));
    await expect.poll(doing).toEqual({ wa: "fetching 1: a.test", wb: "1 waiting for a host slot" });
    expect((await a!.status()).workers.find((w) => w.worker === "wa")!.activity).toMatchObject({ leased: 1, leaseMs: 30_000 });

    const sent = () => a!.roundTrips;
    const before = sent();
    for (let i = 0; i < 5; i++) vi.advanceTimersByTime(1_000); // unchanged: nothing sent
    await a!.counts(); // one round trip, after anything the ticks sent
    expect(sent() - before).toBe(1);
    dispatched = 3;
    vi.advanceTimersByTime(1_000);
    await expect.poll(doing).toMatchObject({ wa: "fetching 1: a.test; 2 waiting for a host slot" });

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
