import { describe, expect, it } from "vitest";
import {
  createTask, LifoQueue, PriorityQueue, Queue, QueueEmpty, QueueFull, QueueShutDown, run, RuntimeError, sleep, VirtualClock,
  withTimeout, type Coro,
} from "corio";

const go = <T>(main: () => Coro<T>) => run(main, { clock: new VirtualClock() });

describe("Queue", () => {
  it("put/get in FIFO order; qsize, empty, full, maxsize", async () => {
    const r = await go(function* () {
      const q = new Queue<number>(2);
      yield* q.put(1);
      yield* q.put(2);
      const state = [q.qsize(), q.empty(), q.full(), q.maxsize];
      return [state, yield* q.get(), yield* q.get(), q.empty()];
    });
    expect(r).toEqual([[2, false, true, 2], 1, 2, true]);
  });

  it("maxsize <= 0 is unbounded", () => {
    const q = new Queue<number>(0);
    for (let i = 0; i < 1000; i++) q.putNowait(i);
    expect(q.full()).toBe(false);
    expect(new Queue(-1).full()).toBe(false);
  });

  it("putNowait/getNowait throw QueueFull/QueueEmpty", () => {
    const q = new Queue<number>(1);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
  });

  it("get() waits for a put; put() waits for room", async () => {
    const r = await go(function* () {
      const q = new Queue<string>(1);
      const log: string[] = [];
      const c = createTask(function* () { log.push(`got ${yield* q.get()}`); log.push(`got ${yield* q.get()}`); });
      yield* sleep(1);
      yield* q.put("a");
      yield* q.put("b");
      log.push("put b");
      yield* c;
      return log;
    });
    // "a" wakes the getter but stays queued until it runs, so put("b") waits for room.
    expect(r).toEqual(["got a", "put b", "got b"]);
  });

  it("a cancelled get() never loses an item, even when woken first", async () => {
    const r = await go(function* () {
      const q = new Queue<number>();
      const g1 = createTask(q.get());
      const g2 = createTask(q.get());
      yield* sleep(0);
      q.putNowait(42); // wakes g1
      g1.cancel();     // before it resumes: the wakeup goes to g2
      return [yield* g2, g1.cancelled(), q.qsize(), q._waiterCount()];
    });
    expect(r).toEqual([42, true, 0, 0]);
  });

  it("a cancelled put() never inserts its item, even when woken first", async () => {
    const r = await go(function* () {
      const q = new Queue<string>(1);
      q.putNowait("x");
      const p1 = createTask(q.put("p1"));
      const p2 = createTask(q.put("p2"));
      yield* sleep(0);
      const first = q.getNowait(); // wakes p1
      p1.cancel();
      yield* p2;
      return [first, q.getNowait(), q.qsize(), p1.cancelled(), q._waiterCount()];
    });
    expect(r).toEqual(["x", "p2", 0, true, 0]);
  });

  it("a timed-out get leaves no waiter and takes no item", async () => {
    const r = await go(function* () {
      const q = new Queue<number>();
      let timedOut = false;
      try { yield* withTimeout(5, function* () { yield* q.get(); }); } catch { timedOut = true; }
      q.putNowait(1);
      return [timedOut, q.qsize(), q._waiterCount()];
    });
    expect(r).toEqual([true, 1, 0]);
  });

  it("taskDone/join: join waits until every item is marked done; extra taskDone throws RangeError", async () => {
    const r = await go(function* () {
      const q = new Queue<number>();
      const log: string[] = [];
      for (let i = 0; i < 3; i++) q.putNowait(i);
      createTask(function* () {
        for (;;) { const x = yield* q.get(); yield* sleep(10); log.push(`done ${x}`); q.taskDone(); }
      });
      yield* q.join();
      log.push("joined");
      expect(() => q.taskDone()).toThrow(RangeError);
      return log;
    });
    expect(r).toEqual(["done 0", "done 1", "done 2", "joined"]);
  });

  it("shutdown(): put raises QueueShutDown, get drains what remains then raises; blocked waiters are woken", async () => {
    const r = await go(function* () {
      const q = new Queue<number>(1);
      q.putNowait(1);
      const blockedPut = createTask(q.put(2));
      yield* sleep(0);
      q.shutdown();
      const errs: string[] = [];
      try { yield* blockedPut; } catch (e) { errs.push((e as Error).name); }
      try { q.putNowait(3); } catch (e) { errs.push((e as Error).name); }
      const drained = yield* q.get();
      try { yield* q.get(); } catch (e) { errs.push((e as Error).name); }
      try { q.getNowait(); } catch (e) { errs.push((e as Error).name); }
      return [drained, errs];
    });
    expect(r).toEqual([1, ["QueueShutDown", "QueueShutDown", "QueueShutDown", "QueueShutDown"]]);
  });

  it("shutdown(true) drops the items, wakes blocked putters, and counts dropped items done for join()", async () => {
    const r = await go(function* () {
      const q = new Queue<number>(3);
      for (const x of [1, 2, 3]) q.putNowait(x);
      const blockedPut = createTask(q.put(4));
      const taken = q.getNowait(); // 1: got, not yet marked done
      yield* sleep(0);             // blockedPut puts 4
      const blockedPut2 = createTask(q.put(5));
      const joiner = createTask(q.join());
      yield* sleep(0);
      q.shutdown(true); // drops 2, 3, 4 and counts them done
      let putErr: unknown;
      try { yield* blockedPut2; } catch (e) { putErr = e; }
      yield* blockedPut;
      yield* sleep(1);
      const joinedEarly = joiner.done();
      q.taskDone(); // for item 1
      yield* joiner;
      return [taken, q.qsize(), putErr instanceof QueueShutDown, joinedEarly, q._waiterCount()];
    });
    expect(r).toEqual([1, 0, true, false, 0]);
  });

  it("shutdown(true) wakes a blocked get with QueueShutDown", async () => {
    const r = await go(function* () {
      const q = new Queue<number>();
      const g = createTask(q.get());
      yield* sleep(0);
      q.shutdown(true);
      try { yield* g; } catch (e) { return [e instanceof QueueShutDown, q._waiterCount()]; }
    });
    expect(r).toEqual([true, 0]);
  });

  it("each put() awaitable can be waited on once; await works from async code", async () => {
    const r = await run(async () => {
      const q = new Queue<number>(1);
      const a = q.put(1);
      const b = q.put(2); // a is not awaited yet: b must not reuse it
      await a;
      const c = q.get();
      const first = await c;
      await b;
      let reuse: unknown;
      try { await a; } catch (e) { reuse = e; }
      return [first, await q.get(), reuse instanceof RuntimeError];
    }, { clock: new VirtualClock() });
    expect(r).toEqual([1, 2, true]);
  });
});

describe("LifoQueue and PriorityQueue", () => {
  it("LifoQueue returns the newest item first", async () => {
    const r = await go(function* () {
      const q = new LifoQueue<number>();
      for (const x of [1, 2, 3]) yield* q.put(x);
      return [yield* q.get(), yield* q.get(), yield* q.get()];
    });
    expect(r).toEqual([3, 2, 1]);
  });

  it("PriorityQueue returns the smallest first; tuples compare element by element; custom compare", async () => {
    const r = await go(function* () {
      const q = new PriorityQueue<[number, string]>();
      for (const x of [[3, "c"], [1, "b"], [1, "a"], [2, "z"]] as [number, string][]) yield* q.put(x);
      const out: string[] = [];
      while (!q.empty()) out.push((yield* q.get())[1]);
      const desc = new PriorityQueue<number>(0, (a, b) => b - a);
      for (const x of [5, 9, 1, 7]) desc.putNowait(x);
      const d: number[] = [];
      while (!desc.empty()) d.push(desc.getNowait());
      return [out, d];
    });
    expect(r).toEqual([["a", "b", "z", "c"], [9, 7, 5, 1]]);
  });

  it("PriorityQueue's default order refuses values it cannot compare", () => {
    const q = new PriorityQueue<object>();
    q.putNowait({});
    expect(() => q.putNowait({})).toThrow(TypeError);
  });

  it("bounded PriorityQueue blocks put like Queue", async () => {
    const r = await go(function* () {
      const q = new PriorityQueue<number>(1);
      q.putNowait(5);
      const p = createTask(q.put(1));
      yield* sleep(1);
      const waiting = !p.done();
      const a = yield* q.get();
      yield* p;
      return [waiting, a, q.getNowait()];
    });
    expect(r).toEqual([true, 5, 1]);
  });
});
