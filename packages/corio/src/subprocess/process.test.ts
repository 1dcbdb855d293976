import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createSubprocessExec,
  createSubprocessShell,
  createTask,
  DEVNULL,
  PIPE,
  run,
  sleep,
  STDOUT,
  waitFor,
  withProcess,
  TimeoutError,
} from "corio";

const opts = { handleSignals: false };
const node = process.execPath;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("createSubprocessShell / createSubprocessExec", () => {
  it("communicate returns stdout and stderr; returncode is the exit status", async () => {
    const r = await run(function* () {
      const proc = yield* createSubprocessShell("echo out; echo err >&2; exit 3", { stdout: PIPE, stderr: PIPE });
      expect(proc.pid).toBeGreaterThan(0);
      const [out, err] = yield* proc.communicate();
      return [out!.toString(), err!.toString(), proc.returncode];
    }, opts);
    expect(r).toEqual(["out\n", "err\n", 3]);
  });

  it("the article's `ls /zzz`: exit 2 on Linux with a message on stderr", async () => {
    const r = await run(function* () {
      const proc = yield* createSubprocessShell("ls /zzz", { stdout: PIPE, stderr: PIPE });
      const [out, err] = yield* proc.communicate();
      return [out!.length, err!.toString(), proc.returncode];
    }, opts);
    expect(r[0]).toBe(0);
    expect(r[1]).toMatch(/zzz/);
    expect(r[2]).not.toBe(0);
  });

  it("a missing program rejects with ENOENT", async () => {
    const code = await run(function* () {
      try {
        yield* createSubprocessExec("/definitely/not/here", []);
      } catch (e) {
        return (e as NodeJS.ErrnoException).code;
      }
    }, opts);
    expect(code).toBe("ENOENT");
  });

  it("stdin PIPE: input goes through cat; streams that are not piped are null", async () => {
    const r = await run(function* () {
      const proc = yield* createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      const [out, err] = yield* proc.communicate("hello cat");
      return [out!.toString(), err, proc.stderr];
    }, opts);
    expect(r).toEqual(["hello cat", null, null]);
  });

  it("interactive use: write a line, read the answer, close stdin, wait", async () => {
    const r = await run(function* () {
      const proc = yield* createSubprocessExec(node, ["-e", "process.stdin.on('data', d => process.stdout.write(String(d).toUpperCase()))"], { stdin: PIPE, stdout: PIPE });
      proc.stdin!.write("ping\n");
      yield* proc.stdin!.drain();
      const a = (yield* proc.stdout!.readline()).toString();
      proc.stdin!.write("pong\n");
      const b = (yield* proc.stdout!.readline()).toString();
      proc.stdin!.close();
      return [a, b, yield* proc.wait()];
    }, opts);
    expect(r).toEqual(["PING\n", "PONG\n", 0]);
  });

  it("drain() on the stdin of a child that exited without reading raises EPIPE (asyncio's test_stdin_broken_pipe)", async () => {
    const codes = await run(function* () {
      const drainCode = function* (proc: { stdin: import("corio").StreamWriter | null }) {
        try {
          yield* proc.stdin!.drain();
          return "drained";
        } catch (e) {
          return (e as NodeJS.ErrnoException).code;
        }
      };
      // Written while the child may still run: the write itself fails with EPIPE.
      const early = yield* createSubprocessExec(node, ["-e", "process.exit(0)"], { stdin: PIPE });
      early.stdin!.write(Buffer.alloc(4 << 20));
      const whileRunning = yield* drainCode(early);
      yield* early.wait();
      // Written after the exit: Node destroyed the pipe and drops the bytes without an error.
      const late = yield* createSubprocessExec(node, ["-e", "process.exit(0)"], { stdin: PIPE });
      yield* late.wait();
      late.stdin!.write(Buffer.alloc(4 << 20));
      const afterExit = yield* drainCode(late);
      return [whileRunning, afterExit];
    }, opts);
    expect(codes).toEqual(["EPIPE", "EPIPE"]);
  });

  it("stderr: STDOUT merges both into stdout; DEVNULL discards", async () => {
    const r = await run(function* () {
      const p1 = yield* createSubprocessShell("echo a; echo b >&2", { stdout: PIPE, stderr: STDOUT });
      const [out, err] = yield* p1.communicate();
      const p2 = yield* createSubprocessShell("echo hidden", { stdout: DEVNULL });
      const [o2] = yield* p2.communicate();
      return [out!.toString().split("\n").sort().join(","), err, o2, p2.returncode];
    }, opts);
    expect(r).toEqual([",a,b", null, null, 0]);
  });

  it("50 MB of output through communicate: no deadlock, every byte", async () => {
    const MB50 = 50 * 1024 * 1024;
    const r = await run(function* () {
      // writes 50 MB to stdout and 1 MB to stderr, interleaved, while we also feed it 5 MB
      const script = `
        let inBytes = 0; process.stdin.on('data', d => inBytes += d.length);
        process.stdin.on('end', () => {
          const chunk = Buffer.alloc(1 << 20, 97); let i = 0;
          (function go() {
            while (i < 50) { i++; if (i % 10 === 0) process.stderr.write(Buffer.alloc(200 * 1024, 98)); if (!process.stdout.write(chunk)) return process.stdout.once('drain', go); }
            process.stdout.end(() => process.exitCode = inBytes === 5 * 1048576 ? 0 : 9);
          })();
        });`;
      const proc = yield* createSubprocessExec(node, ["-e", script], { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      const [out, err] = yield* proc.communicate(Buffer.alloc(5 * 1024 * 1024, 1));
      return [out!.length, out!.every((b) => b === 97), err!.length, proc.returncode];
    }, opts);
    expect(r).toEqual([MB50, true, 5 * 200 * 1024, 0]);
  });

  it("signals: returncode is -signal; sendSignal after exit is a no-op", async () => {
    const r = await run(function* () {
      const proc = yield* createSubprocessExec("sleep", ["10"]);
      proc.terminate();
      const code = yield* proc.wait();
      proc.kill(); // exited: nothing happens
      const p2 = yield* createSubprocessExec("sleep", ["10"]);
      p2.sendSignal("SIGINT");
      return [code, proc.returncode, yield* p2.wait()];
    }, opts);
    expect(r).toEqual([-15, -15, -2]);
  });

  it("cancelling wait() leaves the child running (asyncio)", async () => {
    const r = await run(function* () {
      const proc = yield* createSubprocessExec("sleep", ["10"]);
      try {
        yield* waitFor(proc.wait(), 50);
      } catch (e) {
        expect(e).toBeInstanceOf(TimeoutError);
      }
      const still = alive(proc.pid) && proc.returncode === null;
      proc.kill();
      yield* proc.wait();
      return still;
    }, opts);
    expect(r).toBe(true);
  });

  it("killOnCancel: a cancelled wait terminates the child first (then kills after the grace)", async () => {
    const r = await run(function* () {
      const polite = yield* createSubprocessExec("sleep", ["10"], { killOnCancel: true });
      const t = createTask(polite.wait());
      yield* sleep(30);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
      const stubborn = yield* createSubprocessExec(node, ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready')"], {
        stdout: PIPE,
        killOnCancel: true,
        killGraceMs: 100,
      });
      yield* stubborn.stdout!.readline();
      try {
        yield* waitFor(stubborn.communicate(), 30);
      } catch (e) {
        expect(e).toBeInstanceOf(TimeoutError);
      }
      return [polite.returncode, stubborn.returncode];
    }, opts);
    expect(r).toEqual([-15, -9]);
  });

  it("withProcess reaps the child however the body ends", async () => {
    const r = await run(function* () {
      let pid = 0;
      const v = yield* withProcess(createSubprocessExec("sleep", ["10"]), function* (proc) {
        pid = proc.pid;
        return "body done";
      });
      const afterReturn = alive(pid);
      let pid2 = 0;
      let msg = "";
      try {
        yield* withProcess(createSubprocessExec("sleep", ["10"]), function* (proc) {
          pid2 = proc.pid;
          throw new Error("body failed");
        });
      } catch (e) {
        msg = (e as Error).message;
      }
      const t = createTask(
        withProcess(createSubprocessExec("sleep", ["10"]), function* (proc) {
          pid = proc.pid;
          yield* sleep(10_000);
        }),
      );
      yield* sleep(50);
      t.cancel();
      try {
        yield* t;
      } catch {
        // cancelled
      }
      return [v, afterReturn, msg, alive(pid2), alive(pid)];
    }, opts);
    expect(r).toEqual(["body done", false, "body failed", false, false]);
  });
});
