/**
 * One `AbortController` for the requests of one fetch worker, one after another, instead
 * of one per request: a worker has a single request in flight, and its signal is needed
 * only when that request must stop (a timeout, a cancelled crawl). Once it has been
 * aborted, the next request gets a fresh controller. Every request still removes its
 * listener from the signal when it ends (undici does), so reuse does not pile them up.
 *
 * @example
 * ```ts
 * const abort = new RequestAbort();
 * await request(url, { signal: abort.signal }); // …and the next request of this worker
 * abort.abort(new Error("timed out"));         // this one's signal fires; the next gets a new one
 * ```
 */
export class RequestAbort {
  private controller = new AbortController();

  /** The signal for the worker's next (or current) request. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Abort the request in flight; later requests get a new, unaborted signal. */
  abort(reason: unknown): void {
    const used = this.controller;
    this.controller = new AbortController();
    used.abort(reason);
  }
}
