import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalize, createCanonicalizer, parseHttpUrl, readHttpUrl } from "./canonicalize.js";
import { CrawlError, UsageError } from "../errors.js";

describe("canonicalize", () => {
  it.each([
    ["HTTP://Example.COM/a", "http://example.com/a"],
    ["http://example.com:80/a", "http://example.com/a"],
    ["https://example.com:443/a", "https://example.com/a"],
    ["http://example.com:8080/a", "http://example.com:8080/a"],
    ["https://example.com:80/a", "https://example.com:80/a"],
    ["http://example.com/a/./b/../c", "http://example.com/a/c"],
    ["http://example.com/a/%2e%2e/c", "http://example.com/c"],
    ["http://example.com/a#frag", "http://example.com/a"],
    ["http://example.com/a/#frag", "http://example.com/a/"],
    ["http://example.com", "http://example.com/"],
    ["http://example.com/dir/", "http://example.com/dir/"],
    ["http://example.com/dir", "http://example.com/dir"],
    ["http://example.com/?", "http://example.com/"],
    ["http://example.com/?b=2&a=1", "http://example.com/?a=1&b=2"],
    ["http://example.com/?b=2&a=1&b=1", "http://example.com/?a=1&b=2&b=1"],
    ["http://example.com/?a=1&&b=2&", "http://example.com/?a=1&b=2"],
    ["http://example.com/?q=a/b:c", "http://example.com/?q=a/b:c"],
    ["http://example.com/%7e%2f?x=%2f", "http://example.com/%7E%2F?x=%2F"],
    ["http://user:pw@example.com/", "http://user:pw@example.com/"],
    ["http://0x7f.1/", "http://127.0.0.1/"],
    ["http://[0:0::1]:80/", "http://[::1]/"],
  ])("%s → %s", (input, key) => {
    expect(canonicalize(input)).toBe(key);
  });

  it("strips parameters matching --strip-params globs and regexes, by decoded name", () => {
    const key = createCanonicalizer({ stripParams: ["utm_*", "/^fb/", "session id"] });
    expect(key("http://x.com/p?utm_source=a&id=3&fbclid=z&utm_medium=b")).toBe("http://x.com/p?id=3");
    expect(key("http://x.com/p?utm_source=a")).toBe("http://x.com/p");
    expect(key("http://x.com/p?session+id=1&session%20id=2&k=v")).toBe("http://x.com/p?k=v");
    expect(key("http://x.com/p?xutm_source=1")).toBe("http://x.com/p?xutm_source=1");
  });

  it("compares names as written when they hold a stray %", () => {
    expect(canonicalize("http://x.com/?b%=1&a%zz=2")).toBe("http://x.com/?a%zz=2&b%=1");
  });

  it("resolves relative input against a base", () => {
    expect(createCanonicalizer()("../c?y=1&x=2#f", "http://x.com/a/b/")).toBe("http://x.com/a/c?x=2&y=1");
  });

  it("refuses a malformed strip pattern as a usage error", () => {
    expect(() => createCanonicalizer({ stripParams: ["/[/"] })).toThrow(UsageError);
  });

  it("is idempotent and ignores parameter order (property)", () => {
    const name = fc.stringMatching(/^[a-z]{1,3}$/);
    const value = fc.stringMatching(/^[a-z0-9%]{0,3}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 6 }), fc.boolean(), (params, reverse) => {
        const uniq = [...new Map(params).entries()];
        const q = (list: [string, string][]) => list.map(([k, v]) => `${k}=${v}`).join("&");
        const a = canonicalize(`http://h.com/p?${q(uniq)}`);
        const b = canonicalize(`http://h.com/p?${q(reverse ? [...uniq].reverse() : uniq)}`);
        expect(a).toBe(b);
        expect(canonicalize(a)).toBe(a);
      }),
    );
  });
});

describe("readHttpUrl", () => {
  it("reads an http(s) URL object as it is, and parses or refuses anything else as parseHttpUrl does", () => {
    const url = new URL("https://x.com/a?b");
    expect(readHttpUrl(url)).toBe(url);
    expect(readHttpUrl("http://x.com/a").href).toBe("http://x.com/a");
    expect(() => readHttpUrl(new URL("ftp://x.com/"))).toThrow(CrawlError);
    expect(() => readHttpUrl("not a url")).toThrow(CrawlError);
    // The key of a URL object is the key of its text.
    expect(canonicalize(new URL("http://X.com/a?b=1&a=2#f"))).toBe(canonicalize("http://X.com/a?b=1&a=2#f"));
  });
});

describe("parseHttpUrl", () => {
  it("names the bad input in the error", () => {
    const err = (() => {
      try {
        parseHttpUrl("http://exa mple.com/");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CrawlError);
    expect((err as CrawlError).code).toBe("invalid-url");
    expect((err as CrawlError).message).toContain('"http://exa mple.com/"');
  });

  it.each(["", "not a url", "http://", "//x.com/a", "http://[::1/"])("refuses %j", (input) => {
    expect(() => parseHttpUrl(input)).toThrow(/not a valid URL/);
  });

  it.each(["ftp://x.com/", "mailto:a@b.c", "javascript:alert(1)", "file:///etc/passwd"])(
    "refuses the non-http scheme of %s",
    (input) => {
      expect(() => parseHttpUrl(input)).toThrow(expect.objectContaining({ code: "unsupported-scheme" }));
    },
  );

  it("mentions the base when resolving fails", () => {
    expect(() => parseHttpUrl("http://%", "http://x.com/")).toThrow(/relative to http:\/\/x.com\//);
  });
});
