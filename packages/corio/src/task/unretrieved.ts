import type { EventLoop } from "../loop/event-loop.js";
import type { Future } from "./future.js";

/**
 * Reporting exceptions that nobody retrieved (asyncio's "Task exception was never
 * retrieved"). Reporting when the future fails would be wrong — its owner may look at it
 * a moment later — so the report waits until the future is garbage-collected or its loop
 * closes, whichever comes first, and is dropped if someone retrieves the exception first.
 *
 * The record holds what the message needs but not the future, so it cannot keep the
 * future alive.
 * @internal
 */
export class Unretrieved {
  private done = false;
  constructor(
    private readonly loop: EventLoop,
    private readonly exception: unknown,
    private readonly what: string,
  ) {}

  retrieve(): void {
    this.done = true;
    this.loop._unretrieved.delete(this);
    registry.unregister(this);
  }

  report(): void {
    if (this.done) return;
    this.done = true;
    this.loop._unretrieved.delete(this);
    this.loop.callExceptionHandler({ message: `${this.what} exception was never retrieved`, exception: this.exception });
  }
}

const registry = new FinalizationRegistry<Unretrieved>((record) => record.report());

/** @internal */
export function reportLater(future: Future<unknown>, exception: unknown): Unretrieved {
  const name = (future as { getName?: () => string }).getName?.();
  const record = new Unretrieved(future._loop, exception, name === undefined ? "Future" : `Task "${name}"`);
  future._loop._unretrieved.add(record);
  registry.register(future, record, record);
  return record;
}
