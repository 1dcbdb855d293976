/**
 * `corio crawl report --state X.crawl.db -o report.html`: the HTML report of a crawl, written
 * again (or for the first time) from its state file, read-only — also while it runs.
 * @module
 */
import { UsageError } from "../../errors.js";
import { snapshotFromState } from "../../dashboard/state-snapshot.js";
import { writeReport } from "../../dashboard/write-report.js";
import type { CliIo } from "../run-cli.js";

/** Write the report; resolves to the exit code. */
export async function reportFromState(o: { state?: string; frontier?: string; output: string }, io: CliIo): Promise<number> {
  if (o.frontier !== undefined) {
    throw new UsageError("a crawl shared through Redis keeps no per-fetch data yet; pass --report report.html to a worker's crawl command instead", { option: "--frontier" });
  }
  if (o.state === undefined) throw new UsageError("give --state <file>: the state of the crawl to report on (e.g. --state out/book.crawl.db)");
  const snapshot = snapshotFromState(o.state, `corio crawl report --state ${o.state} -o ${o.output}`);
  await writeReport(o.output, snapshot);
  io.stderr(`report: ${o.output} (${snapshot.totals.ok} ok, ${snapshot.totals.failed} failed, ${snapshot.totals.skipped} skipped, ${snapshot.totals.queued} queued)\n`);
  return 0;
}
