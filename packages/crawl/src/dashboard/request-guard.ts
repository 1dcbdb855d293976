/**
 * Who may talk to the dashboard. It listens on 127.0.0.1, but a web page the user has open
 * elsewhere can still reach it: by DNS rebinding (a name of the attacker's that resolves to
 * 127.0.0.1, so the browser sends `Host: evil.example:PORT`) or by a cross-site form POST to
 * `/api/stop`. So every request must name the server by an IP literal, `localhost` or the
 * `--dashboard-host` given, with the server's port; and a request carrying an `Origin` (every
 * browser POST does) must come from such an origin too. Tools like curl send no `Origin`.
 * @module
 */
import { isIP } from "node:net";

/** Is `host` (a Host header value, or an Origin's host) one this server answers to on `port`? */
export function hostAllowed(host: string | undefined, port: number, boundHost: string): boolean {
  if (host === undefined) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (m === null) return false;
  const name = m[1]!.replace(/^\[(.*)\]$/, "$1");
  const p = m[2] === undefined ? 80 : Number(m[2]);
  if (p !== port) return false;
  return isIP(name) !== 0 || name === "localhost" || name === boundHost.toLowerCase();
}

/** Is an `Origin` header acceptable: absent (not a browser), or an `http://` origin of this server? */
export function originAllowed(origin: string | undefined, port: number, boundHost: string): boolean {
  if (origin === undefined) return true;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false; // includes "null" (sandboxed frames, file: pages)
  }
  return u.protocol === "http:" && hostAllowed(u.host, port, boundHost);
}

/** Is `host` a loopback address or name (no warning needed)? */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}
