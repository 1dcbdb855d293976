import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BodyCollector } from "./body-collector.js";

const chunksOf = fc.array(fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)), { maxLength: 12 });

describe("BodyCollector", () => {
  it("gives back exactly the bytes pushed, whatever the declared length says (property)", () => {
    fc.assert(
      fc.property(chunksOf, fc.oneof(fc.constant(Number.NaN), fc.nat(800)), (chunks, declared) => {
        const c = new BodyCollector(declared, 1 << 20);
        for (const chunk of chunks) expect(c.push(chunk)).toBe(true);
        expect(c.finish()).toEqual(Buffer.concat(chunks));
        expect(c.length).toBe(Buffer.concat(chunks).length);
      }),
    );
  });

  it("refuses the chunk that would pass the limit, and keeps what came before", () => {
    const c = new BodyCollector(Number.NaN, 5);
    expect(c.push(Buffer.from("abc"))).toBe(true);
    expect(c.push(Buffer.from("def"))).toBe(false);
    expect(c.finish().toString()).toBe("abc");
    const declared = new BodyCollector(4, 5);
    expect(declared.push(Buffer.from("abcd"))).toBe(true);
    expect(declared.push(Buffer.from("ef"))).toBe(false);
    expect(declared.finish().toString()).toBe("abcd");
  });
});
