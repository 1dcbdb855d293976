import { describe, expect, it } from "vitest";
import { run, sleep, withTaskGroup } from "corio";
import { PendingWrites, ProcessingGate, processingLimit } from "./processing-gate.js";

describe("ProcessingGate", () => {
  it("never lets more than `limit` pages in, and lets the next one in when one leaves", async () => {
    const gate = new ProcessingGate(2);
    let peak = 0;
    const order: string[] = [];
    await run(
      withTaskGroup(function* (tg) {
        for (const name of ["a", "b", "c", "d", "e"]) {
          tg.createTask(function* () {
            yield* gate.enter();
            peak = Math.max(peak, gate.active);
            order.push(`in ${name}`);
            yield* sleep(5);
            order.push(`out ${name}`);
            gate.leave();
          });
        }
      }),
    );
    expect(peak).toBe(2);
    expect(gate.active).toBe(0);
    // c enters only after a or b left.
    expect(order.indexOf("in c")).toBeGreaterThan(Math.min(order.indexOf("out a"), order.indexOf("out b")));
  });

  it("rejects a bad limit and an unmatched leave", () => {
    expect(() => new ProcessingGate(0)).toThrow(RangeError);
    expect(() => new ProcessingGate(1.5)).toThrow(RangeError);
    expect(() => new ProcessingGate(1).leave()).toThrow(/without enter/);
  });

  it("is as large as the concurrency", () => {
    expect(processingLimit(1)).toBe(1);
    expect(processingLimit(16)).toBe(16);
  });

  it("PendingWrites resumes after immediates queued before it (where undici writes a reused socket)", async () => {
    const seen: string[] = [];
    const writes = new PendingWrites();
    await run(function* () {
      setImmediate(() => seen.push("write"));
      yield* writes.after();
      seen.push("parse");
    });
    expect(seen).toEqual(["write", "parse"]);
  });

  it("PendingWrites resumes after a write that undici queues from its own immediate", async () => {
    // undici's order for a keep-alive socket: the response's end queues an immediate that
    // hands the socket the request waiting in the pool and queues the immediate that writes.
    const seen: string[] = [];
    const writes = new PendingWrites();
    await run(function* () {
      setImmediate(() => setImmediate(() => seen.push("write")));
      writes.requestIssued();
      yield* writes.after();
      seen.push("parse");
    });
    expect(seen).toEqual(["write", "parse"]);
  });

  it("PendingWrites: waits share one immediate until a request is issued, then queue after its write", async () => {
    const seen: string[] = [];
    const writes = new PendingWrites();
    await run(
      withTaskGroup(function* (tg) {
        tg.createTask(function* () {
          yield* writes.after();
          seen.push("a");
        });
        tg.createTask(function* () {
          yield* writes.after(); // joins a's wait: no request issued in between
          seen.push("b");
        });
        tg.createTask(function* () {
          writes.requestIssued();
          setImmediate(() => seen.push("write")); // undici's write of that request
          yield* writes.after();
          seen.push("c");
        });
      }),
    );
    // c waited for the write of the request issued before its wait; a and b shared one
    // wait, so they resumed together.
    expect(seen.indexOf("c")).toBeGreaterThan(seen.indexOf("write"));
    expect(seen.indexOf("b")).toBe(seen.indexOf("a") + 1);
  });
});
