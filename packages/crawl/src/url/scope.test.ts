import { describe, expect, it } from "vitest";
import { createScope, registrableDomain } from "./scope.js";
import { UsageError } from "../errors.js";

describe("registrableDomain", () => {
  it.each([
    ["www.example.com", "example.com"],
    ["example.com", "example.com"],
    ["a.b.c.example.com", "example.com"],
    ["WWW.Example.COM.", "example.com"],
    ["www.news.example.co.uk", "example.co.uk"],
    ["book.example.com.cn", "example.com.cn"],
    ["example.co.uk", "example.co.uk"],
    ["localhost", "localhost"],
    ["127.0.0.1", "127.0.0.1"],
    ["[::1]", "[::1]"],
  ])("%s → %s", (host, domain) => {
    expect(registrableDomain(host)).toBe(domain);
  });
});

describe("createScope", () => {
  it("same-host compares name and port", () => {
    const s = createScope({ mode: "same-host", startUrls: ["http://x.com:8080/start"] });
    expect(s("http://x.com:8080/other?q=1")).toBe(true);
    expect(s("https://x.com:8080/other")).toBe(true);
    expect(s("http://x.com/other")).toBe(false);
    expect(s("http://www.x.com:8080/")).toBe(false);
  });

  it("same-domain accepts sibling subdomains and refuses other domains", () => {
    const s = createScope({ mode: "same-domain", startUrls: ["https://www.example.co.uk/"] });
    expect(s("https://shop.example.co.uk/a")).toBe(true);
    expect(s("http://example.co.uk:81/")).toBe(true);
    expect(s("https://other.co.uk/")).toBe(false);
    expect(s("https://example.com/")).toBe(false);
  });

  it("prefix uses the start URL's directory", () => {
    const s = createScope({ mode: "prefix", startUrls: ["https://x.com/book/1/index.html?p=2"] });
    expect(s("https://x.com/book/1/ch2.html")).toBe(true);
    expect(s("https://x.com/book/1/")).toBe(true);
    expect(s("https://x.com/book/10/")).toBe(false);
    expect(s("https://x.com/book/")).toBe(false);
    expect(s("http://x.com/book/1/ch2.html")).toBe(false);
  });

  it("prefix with a trailing-slash start keeps that directory", () => {
    const s = createScope({ mode: "prefix", startUrls: ["https://x.com/docs/"] });
    expect(s("https://x.com/docs/a/b")).toBe(true);
    expect(s("https://x.com/docsx")).toBe(false);
  });

  it("is relative to every start URL", () => {
    const s = createScope({ mode: "same-host", startUrls: ["http://a.com/", "http://b.com/"] });
    expect(s("http://a.com/x")).toBe(true);
    expect(s("http://b.com/y")).toBe(true);
    expect(s("http://c.com/")).toBe(false);
  });

  it("applies include and exclude, exclude winning", () => {
    const s = createScope({
      mode: "same-host",
      startUrls: ["http://x.com/"],
      include: ["*/chapter/*", "/\\/news\\//"],
      exclude: ["*.pdf", "*/chapter/draft-*"],
    });
    expect(s("http://x.com/chapter/1.html")).toBe(true);
    expect(s("http://x.com/news/today")).toBe(true);
    expect(s("http://x.com/about")).toBe(false);
    expect(s("http://x.com/chapter/1.pdf")).toBe(false);
    expect(s("http://x.com/chapter/draft-2")).toBe(false);
  });

  it("without includes, everything in scope but excluded passes", () => {
    const s = createScope({ mode: "same-host", startUrls: ["http://x.com/"], exclude: ["/logout/"] });
    expect(s("http://x.com/a")).toBe(true);
    expect(s("http://x.com/logout?next=/")).toBe(false);
  });

  it("answers false for malformed and non-http URLs instead of throwing", () => {
    const s = createScope({ mode: "same-host", startUrls: ["http://x.com/"] });
    expect(s("mailto:me@x.com")).toBe(false);
    expect(s("http://")).toBe(false);
  });

  it("refuses bad configuration at once", () => {
    expect(() => createScope({ mode: "same-host", startUrls: [] })).toThrow(RangeError);
    expect(() => createScope({ mode: "same-host", startUrls: ["nope"] })).toThrow(/not a valid URL/);
    expect(() => createScope({ mode: "same-host", startUrls: ["http://x.com/"], include: ["/(/"] })).toThrow(UsageError);
    expect(() => createScope({ mode: "bogus" as never, startUrls: ["http://x.com/"] })).toThrow(/unknown scope/);
  });
});
