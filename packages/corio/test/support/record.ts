/**
 * Event recording for order tests (Trio's tutil style): tasks append labelled events,
 * the test compares the record with the expected order.
 */
import { run, VirtualClock, getRunningLoop, type TaskSource } from "corio";

export class Recorder {
  readonly events: string[] = [];
  add(e: string): void {
    this.events.push(e);
  }
  /** Adds `e@t` with the loop clock time. */
  at(e: string): void {
    this.events.push(`${e}@${getRunningLoop().time()}`);
  }
}

/** Runs `main` under an autojump VirtualClock; the test takes no wall time. */
export function runVirtual<T>(main: TaskSource<T>, options: { debug?: boolean } = {}): Promise<T> {
  return run(main, { clock: new VirtualClock(), handleSignals: false, ...options });
}

/** The loop time, for assertions inside coroutines. */
export function now(): number {
  return getRunningLoop().time();
}
