/**
 * Loaded with `--import` into a bench:crawl contender's process by `timeline.ts`: notes
 * when undici creates and completes each request (its diagnostics channels, so the
 * contender's code is not touched) and adds the times to the run's report.
 *
 * The contender's job (argv[2]) names the index page; every other request but
 * robots.txt is a chapter. Times are ms from the crawl's start, which is the report's
 * send time less its `ms`.
 * @module
 */
import { channel } from "node:diagnostics_channel";
import type { Job } from "../crawl/protocol.js";

/** The moments of one crawl, ms from its start (NaN: did not happen). */
export interface Timeline {
  robotsRequest: number;
  indexRequest: number;
  indexResponse: number;
  firstChapterRequest: number;
  lastResponse: number;
  end: number;
}

interface UndiciRequestMessage {
  request: { path: string };
}

const indexPath = new URL((JSON.parse(process.argv[2] ?? "{}") as Partial<Job>).indexUrl ?? "http://invalid/").pathname;
const at = { robotsRequest: NaN, indexRequest: NaN, indexResponse: NaN, firstChapterRequest: NaN, lastResponse: NaN };
const kind = (path: string): "robots" | "index" | "chapter" => (path === "/robots.txt" ? "robots" : path === indexPath ? "index" : "chapter");

channel("undici:request:create").subscribe((m) => {
  const now = performance.now();
  const k = kind((m as UndiciRequestMessage).request.path);
  if (k === "robots" && Number.isNaN(at.robotsRequest)) at.robotsRequest = now;
  else if (k === "index" && Number.isNaN(at.indexRequest)) at.indexRequest = now;
  else if (k === "chapter" && Number.isNaN(at.firstChapterRequest)) at.firstChapterRequest = now;
});
channel("undici:request:trailers").subscribe((m) => {
  const now = performance.now();
  if (kind((m as UndiciRequestMessage).request.path) === "index") at.indexResponse = now;
  at.lastResponse = now;
});

// The harness sends one report when the crawl is over (harness.ts): the end.
const send = process.send!.bind(process) as (message: unknown, callback?: (error: Error | null) => void) => boolean;
process.send = ((message: unknown, callback?: (error: Error | null) => void) => {
  const end = performance.now();
  const report = message as { ms?: number };
  if (typeof report.ms !== "number") return send(message, callback);
  const start = end - report.ms;
  const timeline: Timeline = {
    robotsRequest: at.robotsRequest - start,
    indexRequest: at.indexRequest - start,
    indexResponse: at.indexResponse - start,
    firstChapterRequest: at.firstChapterRequest - start,
    lastResponse: at.lastResponse - start,
    end: report.ms,
  };
  return send({ ...report, timeline }, callback);
}) as typeof process.send;
