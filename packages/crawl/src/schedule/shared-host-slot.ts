/**
 * One request's politeness slot in a shared crawl: the slot of the host the request is
 * talking to right now, taken in the shared frontier (so `--per-host` and `--delay` hold
 * across all workers). A redirect to another host moves it: the old host's slot is given
 * back before the new one is waited for (a request never holds two, so two workers
 * redirecting A → B and B → A cannot block each other). robots.txt fetches take one too.
 * @module
 */
import { call, sleep, type Coro } from "corio";
import type { SharedFrontier } from "../frontier/shared-frontier.js";

/**
 * The slot one request holds, at most one at a time.
 *
 * @example
 * ```ts
 * const hold = new SharedHostSlot(frontier, 4);
 * try {
 *   yield* hold.take("example.com", 0);
 *   // … the request to example.com …
 * } finally {
 *   hold.release();
 * }
 * ```
 */
export class SharedHostSlot {
  private held: { host: string; token: string } | null = null;

  constructor(
    private readonly shared: SharedFrontier,
    private readonly perHost: number,
  ) {}

  /** The host whose slot is held, if any. */
  get host(): string | null {
    return this.held?.host ?? null;
  }

  /** Hold a slot of `host` (keeping the one held if it is that host's), waiting as the frontier says. */
  *take(host: string, delayMs: number): Coro<void> {
    if (this.held?.host === host) return;
    this.release();
    for (;;) {
      const grant = yield* call(this.shared.acquireHostSlot(host, this.perHost, delayMs));
      if (grant.granted) {
        this.held = { host, token: grant.token };
        return;
      }
      yield* sleep(grant.waitMs);
    }
  }

  /** Give the slot back (without waiting for Redis: if that fails, the slot expires with the lease). */
  release(): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    void this.shared.releaseHostSlot(held.host, held.token).catch(() => {});
  }
}
