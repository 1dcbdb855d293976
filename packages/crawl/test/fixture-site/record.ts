/**
 * What the fixture server remembers: every request, attempts per path, and requests in
 * flight per host (Host header) with their peak — the evidence for politeness tests.
 * @module
 */
import type { IncomingMessage } from "node:http";
import type { FixtureRequest } from "./server.js";

/** Mutable request log shared by the server and the {@link FixtureSite} accessors. */
export class RecordState {
  readonly requests: FixtureRequest[] = [];
  readonly attemptCount = new Map<string, number>();
  readonly inFlight = new Map<string, number>();
  readonly maxByHost = new Map<string, number>();
  total = 0;
  maxTotal = 0;

  reset(): void {
    this.requests.length = 0;
    this.attemptCount.clear();
    this.maxByHost.clear();
    this.maxTotal = this.total;
    for (const [host, n] of this.inFlight) this.maxByHost.set(host, n);
  }

  /** Record the request; returns its attempt number and a function to call when it ends. */
  begin(req: IncomingMessage, path: string): { attempt: number; end: () => void } {
    const host = req.headers.host ?? "";
    const attempt = this.attemptCount.get(path) ?? 0;
    this.attemptCount.set(path, attempt + 1);
    this.requests.push({ method: req.method ?? "GET", path, host, userAgent: req.headers["user-agent"], attempt });
    const n = (this.inFlight.get(host) ?? 0) + 1;
    this.inFlight.set(host, n);
    this.maxByHost.set(host, Math.max(this.maxByHost.get(host) ?? 0, n));
    this.total++;
    this.maxTotal = Math.max(this.maxTotal, this.total);
    let ended = false;
    return {
      attempt,
      end: () => {
        if (ended) return;
        ended = true;
        this.inFlight.set(host, (this.inFlight.get(host) ?? 1) - 1);
        this.total--;
      },
    };
  }
}
