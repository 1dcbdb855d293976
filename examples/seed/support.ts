/**
 * Shared helpers of the article examples: Python-like printing (`repr`), elapsed-time
 * lines on the loop clock, a seeded random generator, and, for the tests, output capture
 * and running a program under a `VirtualClock`.
 */
import { format } from "node:util";
import { getRunningLoop, run, VirtualClock, type TaskSource } from "corio";

/**
 * Python's `repr()`, close enough to print what the article prints: strings in single
 * quotes, `[a, b]`, `{'k': v}`, errors as `Name('message')` (so a gathered exception
 * prints `Error('Exception is over')`, a cancellation `CancelledError()`).
 * Numbers print the JavaScript way (`96`, not Python's float `96.0`).
 */
export function repr(x: unknown): string {
  if (typeof x === "string") return `'${x.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  if (x === null || x === undefined) return "None";
  if (typeof x === "boolean") return x ? "True" : "False";
  if (x instanceof Error) return `${x.name}(${x.message === "" ? "" : repr(x.message)})`;
  if (Array.isArray(x)) return `[${x.map(repr).join(", ")}]`;
  if (x instanceof Set) return x.size === 0 ? "set()" : `{${[...x].map(repr).join(", ")}}`;
  if (typeof x === "object") {
    return `{${Object.entries(x as Record<string, unknown>)
      .map(([k, v]) => `${repr(k)}: ${repr(v)}`)
      .join(", ")}}`;
  }
  return String(x);
}

/** The loop clock now (ms). Call at the start of `main` and pass to {@link elapsed}. */
export function now(): number {
  return getRunningLoop().time();
}

/**
 * The article's `print(time.time() - start_time)`, on the loop clock: `elapsed 2000 ms`.
 * Real clocks are rounded to whole milliseconds.
 */
export function elapsed(start: number, end: number = getRunningLoop().time()): string {
  return `elapsed ${Math.round(end - start)} ms`;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy of `xs`, driven by `random`. */
export function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What a captured program printed, and how it ended. */
export interface Captured<T> {
  lines: string[];
  result?: T;
  error?: unknown;
}

/**
 * Runs `fn` with `console.log` captured (one entry per call, formatted like console.log;
 * a call that prints several lines gives several entries). Restores console.log after.
 */
export async function captureLog<T>(fn: () => T | PromiseLike<T>): Promise<Captured<T>> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => {
    lines.push(...format(...args).split("\n"));
  };
  try {
    const result = await fn();
    return { lines, result };
  } catch (error) {
    return { lines, error };
  } finally {
    console.log = original;
  }
}

/**
 * Runs a program's `main` under `run(main, { clock: new VirtualClock() })` (no wall-clock
 * waiting) and returns what it printed, its result or error, and the final virtual time.
 */
export async function runVirtual<T>(main: TaskSource<T>): Promise<Captured<T> & { clock: VirtualClock }> {
  const clock = new VirtualClock();
  const captured = await captureLog(() => run(main, { clock, handleSignals: false }));
  return { ...captured, clock };
}

/** Like {@link runVirtual} for the loop-level examples whose `main` takes the clock. */
export async function runVirtualLoop<T>(main: (clock: VirtualClock) => PromiseLike<T>): Promise<Captured<T> & { clock: VirtualClock }> {
  const clock = new VirtualClock();
  const captured = await captureLog(() => main(clock));
  return { ...captured, clock };
}

/** `n` copies of `line` (the article's ten identical "start ..." lines). */
export function times(n: number, line: string): string[] {
  return Array.from({ length: n }, () => line);
}
