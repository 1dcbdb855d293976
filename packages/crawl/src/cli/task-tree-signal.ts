/**
 * What is the crawl doing right now? Ctrl-\ (SIGQUIT) prints its task tree to stderr —
 * every task, what it waits on, who owns it — and the crawl goes on (instead of the
 * default SIGQUIT: quit with a core dump). With `--debug`, corio's debug mode is on for
 * the crawl (each task's file:line, slow-step warnings) and the tree is also printed at
 * the first Ctrl-C, showing what the crawl was stuck on.
 * @module
 */
import { formatTaskTree } from "corio";

/** Where the tree goes. */
export interface TaskTreeIo {
  stderr: (text: string) => void;
}

/** The installed handlers; `stop()` removes them and restores the environment. */
export interface TaskTreeWatch {
  readonly debug: boolean;
  stop(): void;
}

/**
 * Installs the handlers for one CLI run. `--debug` is read from `argv` (commander has
 * validated it by then) and turns corio's debug mode on through `CORIO_DEBUG`, which the
 * crawl's loop reads when it is created.
 * @example
 * const watch = watchTaskTree(argv, io);
 * try { await run(crawl(options)); } finally { watch.stop(); }
 */
export function watchTaskTree(argv: readonly string[], io: TaskTreeIo): TaskTreeWatch {
  const debug = argv.includes("--debug");
  const print = (why: string) => io.stderr(`\n--- corio crawl task tree (${why}) ---\n${formatTaskTree()}`);
  const onQuit = () => print("Ctrl-\\");
  const onInterrupt = () => print("interrupted");
  const previousDebug = process.env.CORIO_DEBUG;
  // Windows has no SIGQUIT.
  const quitSignal = process.platform === "win32" ? null : "SIGQUIT";
  if (quitSignal !== null) process.on(quitSignal, onQuit);
  if (debug) {
    process.env.CORIO_DEBUG = "1";
    process.once("SIGINT", onInterrupt);
  }
  return {
    debug,
    stop() {
      if (quitSignal !== null) process.off(quitSignal, onQuit);
      process.off("SIGINT", onInterrupt);
      if (debug) {
        if (previousDebug === undefined) delete process.env.CORIO_DEBUG;
        else process.env.CORIO_DEBUG = previousDebug;
      }
    },
  };
}
