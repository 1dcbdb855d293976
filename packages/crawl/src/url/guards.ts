/**
 * Safety guards that skip a URL before it costs a request (DESIGN §6): the URL length
 * cap, path-repetition traps, the depth cap, and refusal of private, loopback and
 * link-local addresses (checked after DNS resolution, so a public name pointing at
 * 127.0.0.1 is refused too).
 *
 * The address check answers for the addresses we resolved; the fetcher must connect to
 * one of those (or re-check at connect time) to be immune to DNS rebinding.
 * @module
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { SkipReason } from "../errors.js";

/** Longest URL we crawl, in characters (the historical Internet Explorer limit). */
export const MAX_URL_LENGTH = 2083;

/** How many back-to-back repeats of a segment group make a path a trap. */
export const TRAP_REPEATS = 3;

/**
 * Whether a path repeats one segment, or one group of segments, {@link TRAP_REPEATS} times
 * in a row — the shape of relative-link loops such as `/a/b/a/b/a/b` or calendar pages
 * linking to themselves. Empty segments are ignored (`/x//x/x` is `/x/x/x`).
 *
 * @example
 * ```ts
 * hasRepeatedPath("/a/b/a/b/a/b/c"); // true
 * hasRepeatedPath("/x/x/y/x");       // false
 * ```
 */
export function hasRepeatedPath(pathname: string, repeats: number = TRAP_REPEATS): boolean {
  const segs = pathname.split("/").filter((s) => s !== "");
  for (let size = 1; size * repeats <= segs.length; size++) {
    for (let start = 0; start + size * repeats <= segs.length; start++) {
      if (repeatsAt(segs, start, size, repeats)) return true;
    }
  }
  return false;
}

function repeatsAt(segs: string[], start: number, size: number, repeats: number): boolean {
  for (let k = 1; k < repeats; k++) {
    for (let j = 0; j < size; j++) {
      if (segs[start + j] !== segs[start + k * size + j]) return false;
    }
  }
  return true;
}

/** Limits for {@link checkUrlGuards}. */
export interface GuardLimits {
  /** `--max-depth`: deepest page to fetch; the start page has depth 0. Default: no cap. */
  maxDepth?: number;
  /** Longest URL, in characters. Default {@link MAX_URL_LENGTH}. */
  maxUrlLength?: number;
}

/**
 * The first guard a discovered URL trips, or `null` when it may be queued. Length first
 * (cheapest and it bounds the trap scan), then traps, then depth. Callers decide scope
 * before these guards: an off-site URL is `out-of-scope`, whatever its length.
 *
 * @example
 * ```ts
 * checkUrlGuards(new URL("http://x.com/a/a/a"), 1, {}); // "trap"
 * checkUrlGuards(new URL("http://x.com/a"), 4, { maxDepth: 3 }); // "max-depth"
 * ```
 */
export function checkUrlGuards(url: URL, depth: number, limits: GuardLimits = {}): SkipReason | null {
  if (url.href.length > (limits.maxUrlLength ?? MAX_URL_LENGTH)) return "url-too-long";
  if (hasRepeatedPath(url.pathname)) return "trap";
  if (limits.maxDepth !== undefined && depth > limits.maxDepth) return "max-depth";
  return null;
}

/**
 * Whether an IP address is not a public unicast address: loopback, private (RFC 1918,
 * IPv6 ULA), link-local, unspecified, CGNAT, multicast, reserved and documentation
 * ranges. IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6 addresses are judged by the
 * IPv4 address they carry. Text that is not an IP address returns `false`.
 *
 * @example
 * ```ts
 * isPrivateAddress("192.168.1.10");      // true
 * isPrivateAddress("::ffff:127.0.0.1");  // true
 * isPrivateAddress("93.184.216.34");     // false
 * ```
 */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[(.*)\]$/, "$1");
  const family = isIP(ip);
  if (family === 4) return isPrivateV4(parseV4(ip));
  if (family === 6) return isPrivateV6(parseV6(ip));
  return false;
}

// [first address as a number, prefix length]
const PRIVATE_V4: readonly [number, number][] = [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8],
  ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24],
  ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
].map(([a, bits]) => [parseV4(a as string), bits as number]);

function parseV4(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function isPrivateV4(n: number): boolean {
  return PRIVATE_V4.some(([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

/** Eight 16-bit groups; `ip` is already known to be valid (`isIP` said 6). */
function parseV6(ip: string): number[] {
  let text = ip.replace(/%.*$/, ""); // zone id: fe80::1%eth0
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseV4(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const parse = (s: string | undefined) => (s ? s.split(":").map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function isPrivateV6(g: number[]): boolean {
  const v4 = () => g[6]! * 65536 + g[7]!;
  const zerosBefore = (i: number) => g.slice(0, i).every((x) => x === 0);
  if (zerosBefore(8)) return true; // ::
  if (zerosBefore(7) && g[7] === 1) return true; // ::1
  if (zerosBefore(5) && g[5] === 0xffff) return isPrivateV4(v4()); // ::ffff:a.b.c.d
  if (zerosBefore(6)) return isPrivateV4(v4()); // ::a.b.c.d (deprecated IPv4-compatible)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return isPrivateV4(v4()); // 64:ff9b::/96 NAT64
  }
  if (g[0] === 0x2002) return isPrivateV4(g[1]! * 65536 + g[2]!); // 6to4
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 old site-local
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (first === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return true; // 100::/64 discard
  return false;
}

/** The `lookup` shape we need from node:dns/promises, injectable for tests. */
export type LookupAll = (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

/** What {@link checkHostAddresses} found. */
export type HostCheck =
  | { ok: true; addresses: string[] }
  | { ok: false; reason: "private-address"; address: string; addresses: string[] };

/**
 * Resolve a URL's host (IP literals are not looked up) and refuse it when any of its
 * addresses is private — one private answer is enough, since the connection may use it.
 * DNS errors propagate with their Node `code` (`ENOTFOUND`, `EAI_AGAIN`) for
 * `fetch/failure.ts` to classify.
 *
 * @example
 * ```ts
 * await checkHostAddresses("localhost"); // { ok: false, reason: "private-address", address: "127.0.0.1", … }
 * ```
 */
export async function checkHostAddresses(hostname: string, lookup: LookupAll = dnsLookup as LookupAll): Promise<HostCheck> {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = isIP(bare) !== 0 ? [bare] : (await lookup(bare, { all: true })).map((a) => a.address);
  const bad = addresses.find(isPrivateAddress);
  return bad === undefined ? { ok: true, addresses } : { ok: false, reason: "private-address", address: bad, addresses };
}
