import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compilePattern, compilePatterns } from "./compile-pattern.js";
import { UsageError } from "../errors.js";

describe("compilePattern", () => {
  it("matches globs against the whole string", () => {
    const p = compilePattern("utm_*");
    expect(p.test("utm_source")).toBe(true);
    expect(p.test("utm_")).toBe(true);
    expect(p.test("xutm_source")).toBe(false);
    expect(p.test("UTM_source")).toBe(false);
  });

  it("lets * cross slashes and ? stand for one character", () => {
    expect(compilePattern("*/chapter/*").test("https://x.com/book/chapter/1.html")).toBe(true);
    expect(compilePattern("page?").test("page1")).toBe(true);
    expect(compilePattern("page?").test("page12")).toBe(false);
  });

  it("treats regex metacharacters in globs literally", () => {
    expect(compilePattern("a.b").test("axb")).toBe(false);
    expect(compilePattern("a.b").test("a.b")).toBe(true);
    expect(compilePattern("(x)+[y]").test("(x)+[y]")).toBe(true);
  });

  it("treats /…/flags as an unanchored regex", () => {
    expect(compilePattern("/\\.pdf$/i").test("http://x/A.PDF")).toBe(true);
    expect(compilePattern("/chapter/").test("http://x/chapter/2")).toBe(true);
    expect(compilePattern("/^page$/").test("pages")).toBe(false);
  });

  it("ignores the g flag so repeated tests do not depend on lastIndex", () => {
    const p = compilePattern("/a/g");
    expect(p.test("a")).toBe(true);
    expect(p.test("a")).toBe(true);
  });

  it("reports a malformed regex as a UsageError naming the option", () => {
    expect(() => compilePattern("/(/", "--exclude")).toThrow(UsageError);
    expect(() => compilePattern("/(/", "--exclude")).toThrow(/--exclude: invalid regular expression/);
  });

  it("a glob without metacharacters matches exactly itself", () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !/[*?]/.test(s) && !/^\/.+\/[a-z]*$/s.test(s)), fc.string(), (s, t) => {
        const p = compilePattern(s);
        expect(p.test(s)).toBe(true);
        expect(p.test(t)).toBe(t === s);
      }),
    );
  });
});

describe("compilePatterns", () => {
  it("matches when any pattern does, and an empty list matches nothing", () => {
    const p = compilePatterns(["utm_*", "fbclid"]);
    expect(p.test("fbclid")).toBe(true);
    expect(p.test("utm_medium")).toBe(true);
    expect(p.test("id")).toBe(false);
    expect(compilePatterns([]).test("")).toBe(false);
  });
});
