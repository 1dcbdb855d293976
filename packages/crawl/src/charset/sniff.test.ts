import { describe, expect, it } from "vitest";
import { charsetFromContentType, encodingName, sniffCharset } from "./sniff.js";
import { UsageError } from "../errors.js";

const ascii = (s: string) => new TextEncoder().encode(s);
const withBom = (bom: number[], s: string) => Uint8Array.from([...bom, ...ascii(s)]);

describe("charsetFromContentType", () => {
  it.each([
    ["text/html; charset=gbk", "gbk"],
    ['text/html; Charset="GB2312"', "GB2312"],
    ["text/html;charset=UTF-8; foo=bar", "UTF-8"],
    ["text/html; charset = big5 ", "big5"],
    ["text/html", null],
    ["text/html; charset=", null],
    ["", null],
    [null, null],
    [undefined, null],
  ])("%j → %j", (header, charset) => {
    expect(charsetFromContentType(header)).toBe(charset);
  });
});

describe("sniffCharset", () => {
  const gbkMeta = '<html><head><meta charset="gbk"><title>t</title>';

  it("a BOM wins over header and meta", () => {
    expect(sniffCharset(withBom([0xef, 0xbb, 0xbf], gbkMeta), { contentType: "text/html; charset=big5" })).toEqual({
      encoding: "utf-8",
      source: "bom",
    });
    expect(sniffCharset(withBom([0xff, 0xfe], "<"))).toEqual({ encoding: "utf-16le", source: "bom" });
    expect(sniffCharset(withBom([0xfe, 0xff], "<"))).toEqual({ encoding: "utf-16be", source: "bom" });
  });

  it("the header wins over meta, and labels become WHATWG names", () => {
    expect(sniffCharset(ascii(gbkMeta), { contentType: "text/html; charset=Big5" })).toEqual({ encoding: "big5", source: "header" });
    expect(sniffCharset(ascii(gbkMeta), { contentType: "text/html; charset=gb2312" })).toEqual({ encoding: "gbk", source: "header" });
    expect(sniffCharset(ascii(""), { contentType: "text/html; charset=latin1" })).toEqual({ encoding: "windows-1252", source: "header" });
  });

  it("an unknown header label falls through to meta", () => {
    expect(sniffCharset(ascii(gbkMeta), { contentType: "text/html; charset=klingon" })).toEqual({ encoding: "gbk", source: "meta" });
  });

  it.each([
    ['<meta charset="gbk">', "gbk"],
    ["<meta charset=GB2312>", "gbk"],
    ['<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb18030">', "gb18030"],
    ['<meta content="text/html; charset=shift_jis" http-equiv="content-type">', "shift_jis"],
    ['<meta charset="utf-16">', "utf-8"],
    ['<!-- <meta charset="big5"> --><meta charset="euc-kr">', "euc-kr"],
  ])("reads %s from the prescan", (html, encoding) => {
    expect(sniffCharset(ascii(html))).toEqual({ encoding, source: "meta" });
  });

  it("ignores a meta content charset without http-equiv, and one past 1024 bytes", () => {
    expect(sniffCharset(ascii('<meta content="text/html; charset=gbk">'))).toEqual({ encoding: "utf-8", source: "default" });
    expect(sniffCharset(ascii(" ".repeat(1024) + '<meta charset="gbk">'))).toEqual({ encoding: "utf-8", source: "default" });
  });

  it("falls back to --encoding, default utf-8", () => {
    expect(sniffCharset(ascii("<p>hi"))).toEqual({ encoding: "utf-8", source: "default" });
    expect(sniffCharset(ascii("<p>hi"), { defaultEncoding: "GBK" })).toEqual({ encoding: "gbk", source: "default" });
    expect(sniffCharset(new Uint8Array(0))).toEqual({ encoding: "utf-8", source: "default" });
  });

  it("refuses an unknown --encoding only when it is needed", () => {
    expect(() => sniffCharset(ascii("<p>"), { defaultEncoding: "nope" })).toThrow(UsageError);
    expect(sniffCharset(ascii('<meta charset="gbk">'), { defaultEncoding: "nope" }).encoding).toBe("gbk");
  });
});

describe("encodingName", () => {
  it("normalises labels and names the option on error", () => {
    expect(encodingName(" UTF8 ")).toBe("utf-8");
    expect(encodingName("x-gbk")).toBe("gbk");
    expect(() => encodingName("iso-2022-kr")).toThrow(/--encoding: unknown encoding "iso-2022-kr"/);
    expect(() => encodingName("")).toThrow(UsageError);
  });
});
