/**
 * Debug mode's "did you forget `yield*`?": an awaitable that corio handed out (`sleep`,
 * `lock.acquire()`, `queue.get()`, `withTimeout`…) and that is garbage-collected without
 * ever being yielded or awaited is reported through its loop's exception handler, with
 * the line that created it:
 *
 *     sleep(100) created at /app/crawl.ts:12:3 was never yielded (did you forget yield*?)
 *
 * Ops still unused when the process exits are reported then (a short program may never
 * collect garbage). Only in debug mode: recording a creation site costs a stack trace, so
 * with debug off the awaitables are not even registered (internal/debug-flag.ts).
 *
 * A user's own generator called without `yield*` (`fetchPage(2);` as a statement) never
 * reaches corio, so the runtime cannot see it: that is the lint rule's job.
 * @internal
 */
import { host } from "../host/host.js";
import { pathFrom } from "../host/file-path.js";
import type { EventLoop } from "../loop/event-loop.js";
import { _peekRunningLoop, getRunningLoop } from "../loop/running-loop.js";

interface Created {
  loop: EventLoop;
  /** `sleep(100)`, `Lock.acquire()`… */
  what: string;
  /** `file:line:column` of the user's code that created it. */
  site: string;
  done: boolean;
}

const registry = new FinalizationRegistry<Created>((record) => report(record));
/** Ops not yet used nor collected, by op (the op is only a key: weakly held). */
const pending = new WeakMap<object, Created>();
/** The same records, for the report at exit. */
const live = new Set<Created>();
let exitHookInstalled = false;

/**
 * Records `op` as handed out by corio; returns it. `what` names it for the message
 * (default: the corio function that created it, read from the stack).
 */
export function trackOp<T extends object>(op: T, what?: string): T {
  const loop = _peekRunningLoop() ?? getRunningLoop();
  if (!loop.getDebug()) return op;
  const stack = new Error().stack ?? "";
  const { api, site } = creationSite(stack);
  const record: Created = { loop, what: what ?? (api === null ? "an awaitable" : `${api}()`), site, done: false };
  registry.register(op, record, op);
  pending.set(op, record);
  live.add(record);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    host().onExit("exit", () => {
      for (const r of [...live]) report(r);
    });
  }
  return op;
}

/** `op` was yielded or awaited: it is not forgotten. */
export function markUsed(op: object): void {
  const record = pending.get(op);
  if (record === undefined) return;
  record.done = true;
  pending.delete(op);
  live.delete(record);
  registry.unregister(op);
}

function report(record: Created): void {
  if (record.done) return;
  record.done = true;
  live.delete(record);
  record.loop.callExceptionHandler({
    message: `${record.what} created at ${record.site} was never yielded (did you forget yield*?)`,
  });
}

/** corio's own source (src/ or dist/): frames there are not the user's code. */
const CORIO_DIR = pathFrom("..", import.meta.url);
const CORIO_URL = CORIO_DIR === null ? null : new URL("..", import.meta.url).href;

function isCorioFrame(line: string): boolean {
  return ((CORIO_DIR !== null && line.includes(CORIO_DIR)) || (CORIO_URL !== null && line.includes(CORIO_URL))) && !/\.test\.[cm]?[jt]s/.test(line);
}

/**
 * The first frame outside corio (where the user created the op) and the corio function
 * just above it (the API they called, e.g. `Lock.acquire`).
 */
function creationSite(stack: string): { api: string | null; site: string } {
  const frames = stack.split("\n").slice(1).map((l) => l.trim()).filter((l) => l.startsWith("at "));
  let api: string | null = null;
  for (const frame of frames) {
    if (isCorioFrame(frame)) {
      const name = /^at (?:new )?([^\s(]+) \(/.exec(frame)?.[1];
      if (name !== undefined && !name.startsWith("Object.")) api = name;
      continue;
    }
    return { api, site: location(frame) };
  }
  return { api, site: "an unknown place (no frame outside corio)" };
}

/** `at fn (file:///a/b.ts:12:3)` → `/a/b.ts:12:3`. */
function location(frame: string): string {
  const m = /\((.*)\)$/.exec(frame);
  const where = m ? m[1]! : frame.slice(3);
  return where.startsWith("file://") ? where.replace(/^file:\/\/(.*?):(\d+:\d+)$/, (_all, path: string, pos: string) => `${decodeURIComponent(path)}:${pos}`) : where;
}
