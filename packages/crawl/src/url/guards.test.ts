import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BlockList } from "node:net";
import {
  MAX_URL_LENGTH,
  checkHostAddresses,
  checkUrlGuards,
  hasRepeatedPath,
  isPrivateAddress,
  type LookupAll,
} from "./guards.js";

describe("hasRepeatedPath", () => {
  it.each([
    ["/x/x/x", true],
    ["/a/b/a/b/a/b", true],
    ["/pre/a/b/c/a/b/c/a/b/c/post", true],
    ["/x//x/x/", true],
    ["/trap/a/a/a/", true],
    ["/x/x", false],
    ["/a/b/a/b", false],
    ["/a/b/a/b/a", false],
    ["/x/x/y/x", false],
    ["/", false],
    ["", false],
    ["/book/1001.html", false],
    ["/2024/01/01/", false],
  ])("%s → %s", (path, trap) => {
    expect(hasRepeatedPath(path)).toBe(trap);
  });

  it("takes the repeat count as a parameter", () => {
    expect(hasRepeatedPath("/a/a", 2)).toBe(true);
    expect(hasRepeatedPath("/a/a/a", 4)).toBe(false);
  });

  it("finds any group repeated three times after any prefix (property)", () => {
    const seg = fc.stringMatching(/^[a-c]{1,2}$/);
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 3 }), fc.array(seg, { minLength: 1, maxLength: 3 }), fc.array(seg, { maxLength: 3 }), (pre, group, post) => {
        const path = "/" + [...pre, ...group, ...group, ...group, ...post].join("/");
        expect(hasRepeatedPath(path)).toBe(true);
      }),
    );
  });

  it("never flags a path whose segments are all distinct (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,4}$/), { maxLength: 12 }), (segs) => {
        expect(hasRepeatedPath("/" + segs.join("/"))).toBe(false);
      }),
    );
  });
});

describe("checkUrlGuards", () => {
  it("caps the URL length at 2083 characters", () => {
    const base = "http://x.com/";
    const fits = new URL(base + "a".repeat(MAX_URL_LENGTH - base.length));
    expect(fits.href.length).toBe(2083);
    expect(checkUrlGuards(fits, 0)).toBeNull();
    expect(checkUrlGuards(new URL(fits.href + "b"), 0)).toBe("url-too-long");
  });

  it("reports traps and depth, the start page having depth 0", () => {
    expect(checkUrlGuards(new URL("http://x.com/a/b/a/b/a/b"), 1)).toBe("trap");
    expect(checkUrlGuards(new URL("http://x.com/a"), 0, { maxDepth: 0 })).toBeNull();
    expect(checkUrlGuards(new URL("http://x.com/a"), 1, { maxDepth: 0 })).toBe("max-depth");
    expect(checkUrlGuards(new URL("http://x.com/a"), 3, { maxDepth: 3 })).toBeNull();
    expect(checkUrlGuards(new URL("http://x.com/a"), 99)).toBeNull();
  });

  it("checks length before the trap scan", () => {
    const url = new URL("http://x.com/" + "a/".repeat(1100));
    expect(checkUrlGuards(url, 0)).toBe("url-too-long");
  });
});

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1",
    "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "198.18.0.1",
    "::1", "::", "0:0:0:0:0:0:0:1", "fe80::1", "fe80::1%eth0", "febf::1", "fc00::1", "fd12:3456::1",
    "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:192.168.1.1",
    "64:ff9b::a00:1", "2002:c0a8:101::1", "2001:db8::1", "[::1]", "::127.0.0.1",
  ])("%s is private", (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    "8.8.8.8", "93.184.216.34", "172.32.0.1", "172.15.255.255", "100.128.0.1", "11.0.0.1",
    "2606:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    "2a00::1:2", "not-an-ip", "example.com", "",
  ])("%s is not private", (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it("agrees with node's BlockList on IPv4, and judges mapped IPv6 by the IPv4 inside (property)", () => {
    const list = new BlockList();
    for (const [net, bits] of [
      ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
      ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
      ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
    ] as const) {
      list.addSubnet(net, bits, "ipv4");
    }
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const expected = list.check(ip, "ipv4");
        expect(isPrivateAddress(ip)).toBe(expected);
        expect(isPrivateAddress(`::ffff:${ip}`)).toBe(expected);
        const n = ip.split(".").map(Number);
        const hex = `::ffff:${((n[0]! << 8) | n[1]!).toString(16)}:${((n[2]! << 8) | n[3]!).toString(16)}`;
        expect(isPrivateAddress(hex)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("checkHostAddresses", () => {
  const fakeLookup = (table: Record<string, string[]>): LookupAll => async (host) => {
    const list = table[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

  it("accepts a host whose every address is public", async () => {
    await expect(checkHostAddresses("pub.test", fakeLookup({ "pub.test": ["93.184.216.34", "2606:4700::1"] }))).resolves.toEqual({
      ok: true,
      addresses: ["93.184.216.34", "2606:4700::1"],
    });
  });

  it("refuses a host when any address is private", async () => {
    const r = await checkHostAddresses("mixed.test", fakeLookup({ "mixed.test": ["93.184.216.34", "10.0.0.5"] }));
    expect(r).toEqual({ ok: false, reason: "private-address", address: "10.0.0.5", addresses: ["93.184.216.34", "10.0.0.5"] });
  });

  it("does not look up IP literals, bracketed or not", async () => {
    const never: LookupAll = async () => {
      throw new Error("looked up");
    };
    await expect(checkHostAddresses("127.0.0.1", never)).resolves.toMatchObject({ ok: false, address: "127.0.0.1" });
    await expect(checkHostAddresses("[::1]", never)).resolves.toMatchObject({ ok: false, address: "::1" });
    await expect(checkHostAddresses("8.8.8.8", never)).resolves.toMatchObject({ ok: true });
  });

  it("lets DNS errors through with their code", async () => {
    await expect(checkHostAddresses("missing.test", fakeLookup({}))).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("uses the real resolver by default (localhost resolves offline)", async () => {
    const r = await checkHostAddresses("localhost");
    expect(r.ok).toBe(false);
  });
});
