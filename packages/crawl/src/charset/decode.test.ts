import { describe, expect, it } from "vitest";
import fc from "fast-check";
import iconv from "iconv-lite";
import { TextDecoder as WhatwgTextDecoder } from "@exodus/bytes/encoding.js";
import { countReplacementChars, decodeBytes, decodeHtml } from "./decode.js";

const bytes = (...b: number[]) => Uint8Array.from(b);

describe("decodeBytes", () => {
  it("decodes gbk the WHATWG way: 0x80 is €, 0xFF is U+FFFD", () => {
    expect(decodeBytes(bytes(0x80), "gbk")).toEqual({ text: "€", replacementChars: 0, literalReplacementChars: 0 });
    expect(decodeBytes(bytes(0x41, 0xff, 0x42), "gbk")).toEqual({ text: "A\uFFFDB", replacementChars: 1, literalReplacementChars: 0 });
  });

  it("does what Node 20's built-in decoder gets wrong", () => {
    // The point of the dependency: ICU turns 0xFF into U+F8F5, losing the evidence.
    const builtin = new TextDecoder("gbk").decode(bytes(0x41, 0xff, 0x42));
    const ours = decodeBytes(bytes(0x41, 0xff, 0x42), "gbk").text;
    expect(ours).toBe("A\uFFFDB");
    // Node 20's ICU maps 0xFF to the private-use U+F8F5, hiding the damage from the
    // replacement count; should a later Node get it right, this still holds.
    expect(["A\uF8F5B", ours]).toContain(builtin);
  });

  it("decodes gbk and gb2312 labels as gb18030, four-byte sequences included", () => {
    const fourByte = bytes(0x81, 0x30, 0x81, 0x30, 0x84, 0x31, 0xa4, 0x39); // U+0080, U+FFFF
    expect(decodeBytes(fourByte, "gbk").text).toBe("\u0080\uFFFF");
    expect(decodeBytes(fourByte, "gb2312").text).toBe("\u0080\uFFFF");
    expect(decodeBytes(bytes(0xc4, 0xe3, 0xba, 0xc3), "GB2312").text).toBe("你好");
  });

  it("counts a truncated multi-byte sequence at the end as one replacement", () => {
    expect(decodeBytes(bytes(0xc4, 0xe3, 0xba), "gbk")).toEqual({ text: "你\uFFFD", replacementChars: 1, literalReplacementChars: 0 });
    expect(decodeBytes(bytes(0xe4, 0xbd), "utf-8")).toEqual({ text: "\uFFFD", replacementChars: 1, literalReplacementChars: 0 });
  });

  it("skips a BOM of the same encoding", () => {
    expect(decodeBytes(bytes(0xef, 0xbb, 0xbf, 0x41), "utf-8").text).toBe("A");
    expect(decodeBytes(bytes(0xff, 0xfe, 0x41, 0x00), "utf-16le").text).toBe("A");
  });

  it("decodes the replacement encoding to one U+FFFD", () => {
    expect(decodeBytes(bytes(0x41), "replacement")).toEqual({ text: "\uFFFD", replacementChars: 1, literalReplacementChars: 0 });
    expect(decodeBytes(bytes(), "replacement")).toEqual({ text: "", replacementChars: 0, literalReplacementChars: 0 });
  });

  it("refuses an unknown encoding", () => {
    expect(() => decodeBytes(bytes(0x41), "martian")).toThrow(/--encoding/);
  });

  it("round-trips any text that gbk can encode (property, iconv-lite as encoder)", () => {
    const pool = "第一章 你好世界，春眠不觉晓。€「」…—abcXYZ0129<&>\"'\n".split("");
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 200 }), (chars) => {
        const text = chars.join("");
        expect(decodeBytes(iconv.encode(text, "gbk"), "gbk")).toEqual({ text, replacementChars: 0, literalReplacementChars: 0 });
      }),
    );
  });

  it("recovers from errors as the Encoding Standard says (ASCII bytes are re-read)", () => {
    expect(decodeBytes(bytes(0x81, 0x30, 0x41), "gbk").text).toBe("\uFFFD0A");
    expect(decodeBytes(bytes(0x81, 0x7f), "gbk").text).toBe("\uFFFD\u007f");
    expect(decodeBytes(bytes(0x81, 0x41), "gbk").text).toBe("丄");
  });
});

describe("literal U+FFFD versus damage", () => {
  const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

  it("does not count a U+FFFD that valid UTF-8 encodes as damage", () => {
    expect(decodeBytes(utf8("a\uFFFDb\uFFFD"), "utf-8")).toEqual({ text: "a\uFFFDb\uFFFD", replacementChars: 0, literalReplacementChars: 2 });
  });

  it("splits literal and malformed ones in the same page", () => {
    const body = Buffer.concat([Buffer.from("x\uFFFDy"), Buffer.from([0xff]), Buffer.from("z\uFFFD")]);
    expect(decodeBytes(body, "utf-8")).toEqual({ text: "x\uFFFDy\uFFFDz\uFFFD", replacementChars: 1, literalReplacementChars: 2 });
  });

  it("knows U+FFFD as gb18030 and UTF-16 encode it", () => {
    expect(decodeBytes(bytes(0x84, 0x31, 0xa4, 0x37, 0xff), "gbk")).toMatchObject({ replacementChars: 1, literalReplacementChars: 1 });
    expect(decodeBytes(bytes(0xfd, 0xff, 0x41, 0x00), "utf-16le")).toMatchObject({ text: "\uFFFDA", replacementChars: 0, literalReplacementChars: 1 });
    expect(decodeBytes(bytes(0xfd, 0xff, 0x41), "utf-16le")).toMatchObject({ replacementChars: 1, literalReplacementChars: 1 });
  });

  it("counts a page damaged exactly when its bytes fail to decode (property)", () => {
    const piece = fc.oneof(
      fc.constantFrom("a", "\uFFFD", "你", "€", "<p>").map((t) => ({ bytes: [...Buffer.from(t)], damage: 0 })),
      fc.constantFrom([0xff], [0xc3], [0xe4, 0xbd], [0x80]).map((b) => ({ bytes: b, damage: 1 })),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        // A malformed sequence directly before an ASCII or lead byte is one U+FFFD; keep them apart with "a".
        const body = Uint8Array.from(pieces.flatMap((p) => [...p.bytes, 0x61]));
        const decoded = decodeBytes(body, "utf-8");
        expect(decoded.replacementChars).toBe(pieces.reduce((n, p) => n + p.damage, 0));
        expect(decoded.replacementChars + decoded.literalReplacementChars).toBe(countReplacementChars(decoded.text));
      }),
    );
  });
});

describe("countReplacementChars", () => {
  it("counts every U+FFFD", () => {
    expect(countReplacementChars("")).toBe(0);
    expect(countReplacementChars("abc")).toBe(0);
    expect(countReplacementChars("\uFFFD\uFFFDx\uFFFD")).toBe(3);
  });
});

describe("decodeHtml", () => {
  const gbkPage = (head: string, body: string) => Buffer.concat([Buffer.from(head), iconv.encode(body, "gbk")]);

  it("decodes a meta-declared gbk page", () => {
    const page = decodeHtml(gbkPage('<meta charset="gbk">', "<p>你好€</p>"));
    expect(page).toEqual({ text: '<meta charset="gbk"><p>你好€</p>', replacementChars: 0, literalReplacementChars: 0, encoding: "gbk", source: "meta" });
  });

  it("decodes a header-declared gbk page", () => {
    const page = decodeHtml(gbkPage("<p>", "第一章"), { contentType: "text/html; charset=GBK" });
    expect(page.text).toBe("<p>第一章");
    expect(page.source).toBe("header");
  });

  it("counts the damage when the header lies", () => {
    const page = decodeHtml(gbkPage("<p>", "你好"), { contentType: "text/html; charset=utf-8" });
    expect(page.encoding).toBe("utf-8");
    expect(page.replacementChars).toBeGreaterThan(0);
  });

  it("uses --encoding when nothing is declared", () => {
    const page = decodeHtml(gbkPage("<p>", "你好"), { defaultEncoding: "gb18030" });
    expect(page).toMatchObject({ text: "<p>你好", encoding: "gb18030", source: "default", replacementChars: 0, literalReplacementChars: 0 });
  });
});

describe("the native decoders", () => {
  // gbk and utf-8 go through Node's TextDecoder for speed: it must agree with the
  // WHATWG-exact decoder on any bytes, valid or not (biased towards multi-byte lead bytes).
  const anyBytes = fc.uint8Array({ maxLength: 64 });
  const gbLike = fc.array(fc.oneof(fc.integer({ min: 0x81, max: 0xfe }), fc.integer({ min: 0x30, max: 0x39 }), fc.integer({ min: 0, max: 0xff })), { maxLength: 64 }).map((xs) => Uint8Array.from(xs));
  it.each([
    ["gbk", "gb18030", fc.oneof(anyBytes, gbLike)],
    ["utf-8", "utf-8", anyBytes],
  ] as const)("decode %s like the WHATWG decoder", (name, label, arb) => {
    const whatwg = new WhatwgTextDecoder(label);
    fc.assert(fc.property(arb, (b) => decodeBytes(b, name).text === whatwg.decode(b)), { numRuns: 2000 });
  });
});
