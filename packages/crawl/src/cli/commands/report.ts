/**
 * `corio crawl report --state X.crawl.db -o report.html` (a local crawl) or `corio crawl
 * report --frontier redis://… --crawl-id NAME -o report.html` (a shared one): the HTML
 * report of a crawl, written again (or for the first time) from its stored state,
 * read-only — also while it runs. Both sources give a {@link CrawlRecord}; one function
 * makes the report of either.
 * @module
 */
import { UsageError } from "../../errors.js";
import { droppedFetches, snapshotFromRecord, type CrawlRecord } from "../../dashboard/crawl-record.js";
import { recordFromState } from "../../dashboard/state-snapshot.js";
import { writeReport } from "../../dashboard/write-report.js";
import type { CliIo } from "../run-cli.js";

/** What `corio crawl report` was given. */
export interface ReportOptions {
  output: string;
  state?: string;
  frontier?: string;
  crawlId?: string;
}

/**
 * Write the report; resolves to the exit code.
 *
 * @example
 * ```ts no-run
 * await reportFromState({ frontier: "redis://127.0.0.1:6379/0", crawlId: "novel", output: "report.html" }, io);
 * ```
 */
export async function reportFromState(o: ReportOptions, io: CliIo): Promise<number> {
  let record: CrawlRecord;
  let command: string;
  if (o.frontier !== undefined || o.crawlId !== undefined) {
    if (o.state !== undefined || o.frontier === undefined || o.crawlId === undefined) {
      throw new UsageError("give --state <file> for a local crawl, or --frontier <url> and --crawl-id <name> for a shared one");
    }
    const { recordFromRedis } = await import("../../frontier/redis-report.js");
    record = await recordFromRedis(o.frontier, o.crawlId);
    const { redactUrl } = await import("../../frontier/redis-connection.js");
    command = `corio crawl report --frontier ${redactUrl(o.frontier)} --crawl-id ${o.crawlId} -o ${o.output}`;
  } else {
    if (o.state === undefined) throw new UsageError("give --state <file>: the state of the crawl to report on (e.g. --state out/book.crawl.db)");
    record = recordFromState(o.state);
    command = `corio crawl report --state ${o.state} -o ${o.output}`;
  }
  const snapshot = snapshotFromRecord(record, command);
  const dropped = droppedFetches(record);
  const notes = dropped > 0 ? { "per-fetch data": capNote(record.fetches.length, dropped) } : undefined;
  await writeReport(o.output, snapshot, notes);
  const t = snapshot.totals;
  io.stderr(`report: ${o.output} (${t.ok} ok, ${t.failed} failed, ${t.skipped} skipped, ${t.queued} queued)\n`);
  if (dropped > 0) io.stderr(`report: note: ${capNote(record.fetches.length, dropped)}\n`);
  return 0;
}

/** What a report of a capped Redis fetch log says about it. */
export function capNote(kept: number, dropped: number): string {
  return `response times and the time series cover the latest ${kept} of ${kept + dropped} fetches (Redis keeps no more); counts, bytes, retries and status codes cover all`;
}
