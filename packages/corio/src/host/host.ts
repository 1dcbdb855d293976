/**
 * What the core needs from the runtime it runs on, and nothing more: environment
 * variables, an error output, process exit and signals, an async context, worker threads.
 *
 * The core (core.ts) imports no `node:` module and touches no Node global, so it bundles
 * for a browser as is. Node's answers to these questions live in node/node-host.ts and
 * are installed by the side-effect module node/install.ts, which `corio` (index.ts) and
 * `corio/node` import first. Without it — `corio/core` in a browser, a worker, Deno
 * without Node compatibility — the {@link universalHost} below answers: no environment,
 * `console.error` for reports, no exit, no signals, no worker threads.
 * @module
 */
import type { Future } from "../task/future.js";
import type { EventLoop } from "../loop/event-loop.js";

/** The POSIX signals a loop can handle (`loop.addSignalHandler`); the names Node uses. */
export type SignalName =
  | "SIGABRT" | "SIGALRM" | "SIGBREAK" | "SIGBUS" | "SIGCHLD" | "SIGCONT" | "SIGFPE" | "SIGHUP"
  | "SIGILL" | "SIGINT" | "SIGIO" | "SIGIOT" | "SIGKILL" | "SIGPIPE" | "SIGPOLL" | "SIGPROF"
  | "SIGPWR" | "SIGQUIT" | "SIGSEGV" | "SIGSTKFLT" | "SIGSTOP" | "SIGSYS" | "SIGTERM" | "SIGTRAP"
  | "SIGTSTP" | "SIGTTIN" | "SIGTTOU" | "SIGUNUSED" | "SIGURG" | "SIGUSR1" | "SIGUSR2" | "SIGVTALRM"
  | "SIGWINCH" | "SIGXCPU" | "SIGXFSZ" | "SIGLOST" | "SIGINFO";

/** An async context store (Node's `AsyncLocalStorage`): what follows a promise chain. */
export interface AsyncStore<T> {
  run<A, R>(store: T, fn: (arg: A) => R, arg: A): R;
  getStore(): T | undefined;
  enterWith(store: T | undefined): void;
}

/** A pool that runs a module's export off the loop's thread (the thread pool under Node). */
export interface LoopExecutor {
  /** @internal runs `exportName(...args)` of `moduleUrl`, settling the future on `loop`. */
  _submitOn<T>(loop: EventLoop, moduleUrl: string | URL, exportName: string, args: unknown[]): Future<T>;
  /** @internal ends every worker at once (the loop closes). */
  _terminateNow(): void;
}

/** The runtime services the core uses. Every member is called only when needed. */
export interface Host {
  /** `"node"`, or `"universal"` for the built-in fallback. */
  readonly name: string;
  /** An environment variable (`CORIO_DEBUG`, `CORIO_UNHANDLED`); `undefined` where there is none. */
  env(name: string): string | undefined;
  /** Writes report text (exception handler, call graphs) to the error output. */
  writeError(text: string): void;
  /** Writes text to the standard output (`printCallGraph`). */
  writeOut(text: string): void;
  /** Sets the exit code and, unless `onlyCode`, ends the process. A no-op where there is no process. */
  exit(code: number, onlyCode?: boolean): void;
  /** Runs `fn` when the process exits (`"exit"`) or runs out of work (`"beforeExit"`). */
  onExit(when: "exit" | "beforeExit", fn: () => void): void;
  /** Adds or removes a listener for a POSIX signal; returns false where signals do not exist. */
  onSignal(signal: SignalName, fn: () => void): boolean;
  offSignal(signal: SignalName, fn: () => void): void;
  /** Process id and arguments for the introspection snapshot; `undefined` outside a process. */
  processInfo(): { pid: number; argv: string[] } | undefined;
  /** A new async context store, or `undefined` where the runtime has none. */
  createAsyncStore<T>(): AsyncStore<T> | undefined;
  /** The default pool for `runInExecutor(null, …)` / `toThread`, or `undefined` where there are no worker threads. */
  createDefaultExecutor(): LoopExecutor | undefined;
}

/** The host of a runtime with no process: browsers, web workers. */
export const universalHost: Host = {
  name: "universal",
  env: () => undefined,
  writeError: (text) => console.error(text.endsWith("\n") ? text.slice(0, -1) : text),
  writeOut: (text) => console.log(text.endsWith("\n") ? text.slice(0, -1) : text),
  exit: () => {},
  onExit: () => {},
  onSignal: () => false,
  offSignal: () => {},
  processInfo: () => undefined,
  createAsyncStore: () => undefined,
  createDefaultExecutor: () => undefined,
};

let current: Host = universalHost;

/** The host the core uses now. @internal */
export function host(): Host {
  return current;
}

/**
 * Installs the host the core uses (node/install.ts does this for Node). Installing one
 * after the core has started is allowed but only affects what is asked from then on.
 * @internal
 */
export function installHost(h: Host): void {
  current = h;
}
