import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  getRunningLoop,
  IncompleteReadError,
  LimitOverrunError,
  run,
  RuntimeError,
  sleep,
  StreamReader,
  type Coro,
} from "corio";

const opts = { handleSignals: false };
const s = (b: Uint8Array) => Buffer.from(b).toString();

/** Feeds `parts` one per loop turn (so reads really wait across chunk boundaries). */
function* feeder(r: StreamReader, parts: string[], eof = true): Coro<void> {
  for (const p of parts) {
    yield* sleep(0);
    r.feedData(p);
  }
  if (eof) r.feedEof();
}

function withReader<T>(body: (r: StreamReader) => Coro<T>, limit?: number): Promise<T> {
  return run(function* () {
    return yield* body(new StreamReader({ limit }));
  }, opts);
}

describe("StreamReader", () => {
  it("read(n) returns what is there, up to n, waiting only when empty", async () => {
    const out = await withReader(function* (r) {
      createTask(feeder(r, ["hel", "lo wor", "ld"]));
      const got: string[] = [];
      for (;;) {
        const b = yield* r.read(4);
        if (b.length === 0) break;
        got.push(s(b));
      }
      return got;
    });
    expect(out.join("")).toBe("hello world");
    expect(out.every((x) => x.length <= 4)).toBe(true);
  });

  it("read() reads to EOF; read(0) is empty", async () => {
    const out = await withReader(function* (r) {
      createTask(feeder(r, ["a", "b", "c"]));
      const z = yield* r.read(0);
      return [z.length, s(yield* r.read()), r.atEof()];
    });
    expect(out).toEqual([0, "abc", true]);
  });

  it("readexactly spans chunk boundaries; early EOF raises IncompleteReadError with partial", async () => {
    const out = await withReader(function* (r) {
      createTask(feeder(r, ["ab", "cde", "f", "gh"]));
      const a = s(yield* r.readexactly(3));
      const b = s(yield* r.readexactly(4));
      try {
        yield* r.readexactly(5);
      } catch (e) {
        const ie = e as IncompleteReadError;
        return [a, b, ie instanceof IncompleteReadError, s(ie.partial), ie.expected, r.buffered];
      }
    });
    expect(out).toEqual(["abc", "defg", true, "h", 5, 0]);
  });

  it("readexactly(-1) and an empty separator are RangeErrors", () => {
    const r = new StreamReader();
    expect(() => r.readexactly(-1)).toThrow(RangeError);
    expect(() => r.readuntil("")).toThrow(RangeError);
    expect(() => r.readuntil([])).toThrow(RangeError);
    expect(() => new StreamReader({ limit: 0 })).toThrow(RangeError);
  });

  it("readline across chunks; the last line may lack \\n; then empty", async () => {
    const out = await withReader(function* (r) {
      createTask(feeder(r, ["one\ntw", "o\nthr", "ee"]));
      const lines: string[] = [];
      for (;;) {
        const l = yield* r.readline();
        if (l.length === 0) return lines;
        lines.push(s(l));
      }
    });
    expect(out).toEqual(["one\n", "two\n", "three"]);
  });

  it("readuntil with several separators: the match that ends first wins, even split over chunks", async () => {
    const out = await withReader(function* (r) {
      createTask(feeder(r, ["a=1\r", "\nb=2;c", "=3\r\n"]));
      const seps = ["\r\n", ";"];
      return [s(yield* r.readuntil(seps)), s(yield* r.readuntil(seps)), s(yield* r.readuntil(seps))];
    });
    expect(out).toEqual(["a=1\r\n", "b=2;", "c=3\r\n"]);
  });

  it("readuntil at EOF without separator: IncompleteReadError(expected null)", async () => {
    const out = await withReader(function* (r) {
      createTask(feeder(r, ["abc"]));
      try {
        yield* r.readuntil("|");
      } catch (e) {
        return [e instanceof IncompleteReadError, s((e as IncompleteReadError).partial), (e as IncompleteReadError).expected];
      }
    });
    expect(out).toEqual([true, "abc", null]);
  });

  it("readuntil over the limit raises LimitOverrunError and keeps the data", async () => {
    const out = await withReader(function* (r) {
      r.feedData("x".repeat(20));
      let e1: unknown;
      try {
        yield* r.readuntil("\n");
      } catch (e) {
        e1 = e;
      }
      r.feedData("\n");
      r.feedEof();
      return [e1 instanceof LimitOverrunError, (e1 as LimitOverrunError).consumed, r.buffered, s(yield* r.read())];
    }, 8);
    expect(out).toEqual([true, 20, 21, "x".repeat(20) + "\n"]);
  });

  it("separator found past the limit is a LimitOverrunError too", async () => {
    const out = await withReader(function* (r) {
      r.feedData("0123456789\n");
      try {
        yield* r.readuntil("\n");
      } catch (e) {
        return [(e as LimitOverrunError).message, (e as LimitOverrunError).consumed];
      }
    }, 8);
    expect(out).toEqual(["Separator is found, but chunk is longer than limit", 10]);
  });

  it("readline over the limit: LimitOverrunError, the long line is dropped, the next line reads", async () => {
    const out = await withReader(function* (r) {
      r.feedData("a".repeat(12) + "\nok\n");
      let name = "";
      try {
        yield* r.readline();
      } catch (e) {
        name = (e as Error).name;
      }
      return [name, s(yield* r.readline())];
    }, 8);
    expect(out).toEqual(["LimitOverrunError", "ok\n"]);
  });

  it("cancelling a waiting read cancels only that wait: the next read gets the bytes", async () => {
    const out = await withReader(function* (r) {
      const t = createTask(function* () {
        return yield* r.read(10);
      });
      yield* sleep(5);
      t.cancel();
      let cancelled = false;
      try {
        yield* t;
      } catch (e) {
        cancelled = e instanceof CancelledError;
      }
      r.feedData("later");
      return [cancelled, s(yield* r.read(10))];
    });
    expect(out).toEqual([true, "later"]);
  });

  it("two coroutines waiting to read at once: RuntimeError for the second", async () => {
    const out = await withReader(function* (r) {
      const a = createTask(function* () {
        return yield* r.read(1);
      });
      yield* sleep(0);
      try {
        yield* r.read(1);
      } catch (e) {
        r.feedData("z");
        return [e instanceof RuntimeError, s(yield* a)];
      }
    });
    expect(out).toEqual([true, "z"]);
  });

  it("setException fails the waiting read and later reads", async () => {
    const boom = new Error("boom");
    const out = await withReader(function* (r) {
      const t = createTask(function* () {
        return yield* r.readline();
      });
      yield* sleep(0);
      r.setException(boom);
      const errs: unknown[] = [];
      try {
        yield* t;
      } catch (e) {
        errs.push(e);
      }
      try {
        yield* r.read(1);
      } catch (e) {
        errs.push(e);
      }
      return errs;
    });
    expect(out).toEqual([boom, boom]);
  });

  it("pauses its source above the limit and resumes at or below it (and when a read needs more)", async () => {
    const events: string[] = [];
    const out = await withReader(function* (r) {
      r.setFlowControl({ pauseReading: () => events.push("pause"), resumeReading: () => events.push("resume") });
      r.feedData("12345678"); // = limit: not paused
      r.feedData("9"); // over
      const a = s(yield* r.read(4)); // 5 left: resume
      r.feedData("abcdefgh"); // 13: pause
      const t = createTask(function* () {
        return s(yield* r.readexactly(20)); // needs more than the limit: resumes while waiting
      });
      yield* sleep(0);
      r.feedData("ABCDEFG");
      return [a, yield* t];
    }, 8);
    expect(out).toEqual(["1234", "56789abcdefghABCDEFG"]);
    expect(events).toEqual(["pause", "resume", "pause", "resume", "pause", "resume"]);
  });

  it("is async-iterable by lines from async code", async () => {
    const r = await run(async () => {
      const reader = new StreamReader();
      getRunningLoop().callSoon(() => {
        reader.feedData("x\ny\n");
        reader.feedEof();
      });
      const lines: string[] = [];
      for await (const l of reader) lines.push(s(l));
      return lines;
    }, opts);
    expect(r).toEqual(["x\n", "y\n"]);
  });
});
