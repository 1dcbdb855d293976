/**
 * The loop's hop out to its host between turns: a macrotask, so the host's own work
 * (Node's I/O and timers, a browser's rendering and input events) runs before the next
 * turn. `setImmediate` where it exists (Node, Bun, Deno): it runs right after pending I/O.
 * Else `MessageChannel` (browsers, workers): unlike `setTimeout(0)` it is not clamped to
 * 4 ms after a few nested calls, and it still lets rendering and input in. Else
 * `setTimeout(0)`, which every JavaScript runtime with timers has.
 * @module
 */

/** Cancels a hop queued by {@link queueMacrotask}. */
export type CancelMacrotask = () => void;

type ImmediateFns = {
  setImmediate?: (fn: () => void) => unknown;
  clearImmediate?: (handle: unknown) => void;
};

function pick(): (fn: () => void) => CancelMacrotask {
  const g = globalThis as typeof globalThis & ImmediateFns;
  const setImm = g.setImmediate;
  const clearImm = g.clearImmediate;
  if (typeof setImm === "function" && typeof clearImm === "function") {
    return (fn) => {
      const handle = setImm(fn);
      return () => clearImm(handle);
    };
  }
  if (typeof MessageChannel === "function") {
    // One channel for every hop; each message runs the oldest queued callback still wanted.
    const channel = new MessageChannel();
    const queued: { fn: () => void }[] = [];
    // `onmessage` (not addEventListener) starts the port; the DOM and Node typings differ here.
    (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => {
      queued.shift()?.fn();
    };
    return (fn) => {
      const entry = { fn };
      queued.push(entry);
      channel.port2.postMessage(null);
      return () => {
        entry.fn = noop;
      };
    };
  }
  return (fn) => {
    const handle = setTimeout(fn, 0);
    return () => clearTimeout(handle);
  };
}

function noop(): void {}

/** Queues `fn` as a macrotask; returns a function that cancels it. */
export const queueMacrotask: (fn: () => void) => CancelMacrotask = pick();
