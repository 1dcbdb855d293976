/**
 * What happens to an error nobody retrieved (a task or future that failed and was never
 * awaited): reported through the loop's exception handler, and — in "fatal" mode — the
 * process then ends with exit code 1, like Node's unhandled promise rejections.
 * @module
 */
import { host } from "../host/host.js";

/**
 * `"report"` (default): report through the exception handler and carry on.
 * `"fatal"`: report, then end the process with exit code 1.
 */
export type UnhandledErrors = "report" | "fatal";

/** The mode the environment asks for: `CORIO_UNHANDLED=fatal` (or `strict`) → `"fatal"`. */
export function unhandledErrorsFromEnv(): UnhandledErrors {
  const v = host().env("CORIO_UNHANDLED");
  return v === "fatal" || v === "strict" ? "fatal" : "report";
}

/** Checks the `unhandledErrors` option. */
export function checkUnhandledErrors(v: unknown): UnhandledErrors {
  if (v === "report" || v === "fatal") return v;
  throw new RangeError(`unhandledErrors: expected "report" or "fatal", got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
}

/**
 * Ends the process with code 1 after a fatal report. Inside an `exit` listener the process
 * is already ending: only the code can change.
 */
export function failProcess(inExitListener: boolean): void {
  host().exit(1, inExitListener);
}
