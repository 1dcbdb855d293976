/**
 * What a person watches during a crawl: a cli-progress bar on a TTY (pages done/total
 * in book mode, queued, pages/s, errors, retries, ETA), one line per interval otherwise
 * (logs, CI), or nothing. Written to stderr so stdout stays for data (`--json`).
 * Every figure is the whole crawl's from {@link CrawlStats} (the summary's `totals`), so
 * the last line drawn agrees with the summary; only the rate is this run's.
 * @module
 */
import cliProgress from "cli-progress";
import type { ProgressMode } from "../options.js";
import type { CrawlStats } from "./stats.js";

/** A progress display. */
export interface Progress {
  /** Refresh from the stats (cheap; the display throttles itself). */
  update(): void;
  stop(): void;
}

/**
 * Create the display for `mode` (`auto`: a bar when stderr is a TTY, else lines).
 *
 * @example
 * ```ts
 * const progress = createProgress("auto", stats, 2000);
 * … progress.update() after every page …
 * progress.stop();
 * ```
 */
export function createProgress(mode: ProgressMode, stats: CrawlStats, intervalMs: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const kind = mode === "auto" ? (stream.isTTY ? "bar" : "line") : mode;
  if (kind === "none") return { update() {}, stop() {} };
  if (kind === "line") return lineProgress(stats, intervalMs, stream);
  return barProgress(stats, stream);
}

function values(stats: CrawlStats) {
  return {
    rate: stats.pagesPerSecond().toFixed(1),
    queued: stats.crawl.queued,
    errors: stats.crawl.failed,
    retries: stats.retries,
  };
}

function barProgress(stats: CrawlStats, stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{bar} {value}/{total} pages | {queued} queued | {rate} pages/s | {errors} errors | {retries} retries | ETA {eta_formatted}",
      barsize: 24,
      hideCursor: true,
      fps: 10,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update() {
      const value = stats.crawlDone;
      const total = stats.total ?? value + stats.crawl.queued;
      if (!started) {
        bar.start(Math.max(total, 1), value, values(stats));
        started = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(value, values(stats));
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineProgress(stats: CrawlStats, intervalMs: number, stream: NodeJS.WriteStream): Progress {
  const print = () => {
    const v = values(stats);
    const total = stats.total === null ? "" : `/${stats.total}`;
    stream.write(`[crawl] ${stats.crawlDone}${total} pages, ${v.queued} queued, ${v.rate} pages/s, ${v.errors} errors, ${v.retries} retries\n`);
  };
  let printed = false;
  const timer = setInterval(() => {
    printed = true;
    print();
  }, Math.max(100, intervalMs));
  timer.unref();
  return {
    update() {},
    stop() {
      clearInterval(timer);
      // A log that showed progress ends with the final counts, not a stale interval's
      // (`72/101 pages, 29 queued` above a summary saying queued 0).
      if (printed) print();
    },
  };
}
