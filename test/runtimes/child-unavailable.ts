/**
 * test/support/child.ts in a page: there are no child processes. The tests that start one
 * are skipped in Chromium by name (runtimes.ts); this stub only has to let the file load.
 */
export async function runProgram(): Promise<never> {
  throw new Error("child processes need Node; this test is skipped in the browser runtime");
}
