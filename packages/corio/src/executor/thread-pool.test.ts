import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  gather,
  getRunningLoop,
  run,
  RuntimeError,
  sleep,
  ThreadPoolExecutor,
  toThread,
  transfer,
  waitFor,
  TimeoutError,
} from "corio";

const FNS = new URL("../../test/fixtures/worker-fns.mjs", import.meta.url);
const opts = { handleSignals: false };

describe("ThreadPoolExecutor", () => {
  it("runs an exported function and returns its structured-cloned result", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 2 });
    const r = await run(function* () {
      const a = yield* pool.submit<number>(FNS, "add", 2, 3);
      const b = yield* pool.submit<bigint>(FNS, "sumSquares", 1000);
      return [a, b];
    }, opts);
    expect(r).toEqual([5, 332833500n]);
    await pool.shutdown();
    expect(pool.threads).toBe(0);
  });

  it("delivers worker errors with name, message, code and the worker's stack", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 1 });
    const e = await run(function* () {
      try {
        yield* pool.submit(FNS, "fail", "bad value");
      } catch (e) {
        return e as RangeError & { code: string };
      }
    }, opts);
    expect(e).toBeInstanceOf(RangeError);
    expect(e!.message).toBe("bad value");
    expect(e!.code).toBe("E_TEST");
    expect(e!.stack).toContain("worker-fns.mjs");
    const s = await run(function* () {
      try {
        yield* pool.submit(FNS, "throwString");
      } catch (e) {
        return (e as Error).message;
      }
    }, opts);
    expect(s).toContain("just a string");
    // an unknown export, a result that cannot be cloned, an argument that cannot be cloned
    const errs = await run(function* () {
      const out: string[] = [];
      for (const [name, args] of [["nope", []], ["notCloneable", []], ["add", [() => 1, 2]]] as const) {
        try {
          yield* pool.submit(FNS, name, ...args);
        } catch (e) {
          out.push((e as Error).name);
        }
      }
      return out;
    }, opts);
    expect(errs).toEqual(["TypeError", "DataCloneError", "DataCloneError"]);
    // the pool still works after all that
    expect(await run(function* () { return yield* pool.submit(FNS, "add", 1, 1); }, opts)).toBe(2);
    await pool.shutdown();
  });

  it("cancelling a waiting task frees it at once; the worker finishes and the pool stays sound", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 1 });
    const r = await run(function* () {
      const loop = getRunningLoop();
      const t0 = performance.now();
      const job = createTask(function* () {
        return yield* pool.submit(FNS, "spin", 300);
      });
      yield* sleep(20);
      job.cancel();
      try {
        yield* job;
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
      const freedAfter = performance.now() - t0;
      // a queued job behind the cancelled one still runs, once the worker is done
      const next = yield* pool.submit<number>(FNS, "add", 20, 22);
      return { freedAfter, next, total: performance.now() - t0, loopOpen: !loop.isClosed() };
    }, opts);
    expect(r.freedAfter).toBeLessThan(200);
    expect(r.next).toBe(42);
    expect(r.total).toBeGreaterThanOrEqual(250);
    expect(pool.threads).toBe(1);
    await pool.shutdown();
  });

  it("cancelling a queued job removes it; onCancel: 'terminate' replaces the busy worker", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 1, onCancel: "terminate" });
    const r = await run(function* () {
      const t0 = performance.now();
      const busy = pool.submit(FNS, "spin", 5000);
      const queued = pool.submit(FNS, "add", 1, 2);
      yield* sleep(20);
      queued.cancel();
      busy.cancel();
      const v = yield* pool.submit<number>(FNS, "add", 3, 4);
      return { v, ms: performance.now() - t0, busy: busy.cancelled(), queued: queued.cancelled() };
    }, opts);
    expect(r).toMatchObject({ v: 7, busy: true, queued: true });
    expect(r.ms).toBeLessThan(3000);
    await pool.shutdown();
  });

  it("a worker that dies fails its job and is replaced", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 1 });
    const r = await run(function* () {
      let msg = "";
      try {
        yield* pool.submit(FNS, "crash");
      } catch (e) {
        msg = (e as Error).message;
      }
      return [msg, yield* pool.submit(FNS, "add", 1, 1)];
    }, opts);
    expect(r[0]).toMatch(/exited with code 3/);
    expect(r[1]).toBe(2);
    await pool.shutdown();
  });

  /** Two jobs that each wait up to `waitMs` for the other to be running too (no timing involved when they meet). */
  async function rendezvous(pool: ThreadPoolExecutor, waitMs: number): Promise<boolean[]> {
    const shared = new SharedArrayBuffer(4);
    return run(function* () {
      return yield* gather([pool.submit<boolean>(FNS, "rendezvous", shared, waitMs), pool.submit<boolean>(FNS, "rendezvous", shared, waitMs)]);
    }, opts);
  }

  it("runs jobs in parallel up to maxThreads", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 2 });
    expect(await rendezvous(pool, 10_000)).toEqual([true, true]);
    expect(pool.threads).toBe(2);
    await pool.shutdown();
  });

  it("runs no more than maxThreads jobs at once", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 1 });
    expect(await rendezvous(pool, 200)).toEqual([false, true]); // the first waited alone; the second found it had been there
    await pool.shutdown();
  });

  it("shutdown lets queued jobs finish, then refuses new ones; cancelFutures drops the queue", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 1 });
    const r = await run(function* () {
      const a = pool.submit<number>(FNS, "slowEcho", "a", 50);
      const b = pool.submit<number>(FNS, "slowEcho", "b", 10);
      yield* pool.shutdown();
      let refused = false;
      try {
        pool.submit(FNS, "add", 1, 1);
      } catch (e) {
        refused = e instanceof RuntimeError;
      }
      return [yield* a, yield* b, refused, pool.threads];
    }, opts);
    expect(r).toEqual(["a", "b", true, 0]);
    const pool2 = new ThreadPoolExecutor({ maxThreads: 1 });
    const r2 = await run(function* () {
      const a = pool2.submit(FNS, "slowEcho", "a", 50);
      const b = pool2.submit(FNS, "slowEcho", "b", 10);
      yield* pool2.shutdown({ cancelFutures: true });
      return [yield* a, b.cancelled()];
    }, opts);
    expect(r2).toEqual(["a", true]);
  });

  it("validates its options", () => {
    expect(() => new ThreadPoolExecutor({ maxThreads: 0 })).toThrow(RangeError);
    expect(() => new ThreadPoolExecutor({ onCancel: "explode" as "finish" })).toThrow(RangeError);
  });
});

describe("runInExecutor and toThread", () => {
  it("runInExecutor(null, …) uses the loop's default pool, ended when the loop closes", async () => {
    const r = await run(function* () {
      const loop = getRunningLoop();
      const a = yield* loop.runInExecutor<number>(null, FNS, "add", 1, 2);
      const b = yield* toThread<(a: number, b: number) => number>(FNS, "add", 3, 4);
      const c = yield* toThread(FNS.pathname, "add", 5, 6); // a plain absolute path works too
      return [a, b, c];
    }, opts);
    expect(r).toEqual([3, 7, 11]);
  });

  it("waitFor on a slow job times out and frees the caller", async () => {
    const r = await run(function* () {
      try {
        yield* waitFor(toThread(FNS, "slowEcho", "x", 2000), 50);
      } catch (e) {
        return e instanceof TimeoutError;
      }
    }, opts);
    expect(r).toBe(true);
  });

  it("works from async functions too", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 1 });
    expect(await pool.submit(FNS, "add", 40, 2)).toBe(42);
    await pool.shutdown();
  });

  it("transfer() moves an argument's buffer to the worker: detached here, whole there", async () => {
    const pool = new ThreadPoolExecutor({ maxThreads: 1 });
    const bytes = Uint8Array.from({ length: 1 << 16 }, (_, i) => i % 251);
    const expected = bytes.reduce((a, b) => a + b, 0);
    const copied = new Uint8Array(bytes);
    const r = await run(function* () {
      const moved = pool.submit<{ sum: number; length: number; isView: boolean }>(FNS, "byteSum", transfer(bytes, [bytes.buffer]));
      const detachedAtOnce = bytes.buffer.byteLength === 0;
      const plain = yield* pool.submit<{ sum: number }>(FNS, "byteSum", copied);
      return { moved: yield* moved, detachedAtOnce, plainSum: plain.sum, copiedKept: copied.length };
    }, opts);
    expect(r).toEqual({ moved: { sum: expected, length: 1 << 16, isView: true }, detachedAtOnce: true, plainSum: expected, copiedKept: 1 << 16 });
    await pool.shutdown();
  });

  it("transfer() refuses what is not an ArrayBuffer, naming what it got", () => {
    expect(() => transfer(new Uint8Array(4), [new Uint8Array(4) as unknown as ArrayBuffer])).toThrow(/expected ArrayBuffers to transfer, got \[object Uint8Array\]/);
  });
});
