/**
 * The `corio` command line: `corio crawl book <index-url>` and `corio crawl site
 * <start-url...>` (commander 14), every option documented in `--help` with an example.
 *
 * Exit codes: 0 all done; 1 bad usage or an environment problem (one line naming the
 * option or path and the fix); 2 some pages failed for good (see errors.jsonl); 70 an
 * internal error (one line + a file with the trace); 130 interrupted. First Ctrl-C: stop taking work, give
 * in-flight requests 5 s, commit, print the summary to stderr; second: exit at once
 * (the SQLite state is consistent at any instant).
 * @module
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { run } from "corio";
import { crawl, type CrawlHooks } from "../engine.js";
import { dashboardPort, openDashboard, type CliDashboard } from "../dashboard/cli-dashboard.js";
import { writeReport } from "../dashboard/write-report.js";
import { DEFAULTS, resolveOptions, type CrawlOptionsInput } from "../options.js";
import { UsageError } from "../errors.js";
import { formatSummary, type CrawlSummary } from "../report/summary.js";
import { EXIT, installLastResort, reportError } from "./report-error.js";
import { watchTaskTree } from "./task-tree-signal.js";
import { tuneHeapForCrawling } from "./crawler-heap.js";

export { EXIT };

/** @corio/crawl's version, read from its package.json (the same two levels up from src/ and dist/). */
export function crawlVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function sharedOptions(cmd: Command, exampleOutput: string): Command {
  const exampleName = exampleOutput.slice(exampleOutput.lastIndexOf("/") + 1);
  return cmd
    .requiredOption("-o, --output <file>", `output file; errors.jsonl is written beside it, an incomplete crawl writes <stem>.partial<ext> instead (e.g. -o ${exampleOutput})`)
    .option("--concurrency <n>", `requests in flight overall (e.g. --concurrency 32)`, String(DEFAULTS.concurrency))
    .option("--per-host <n>", "requests in flight per host (default: 2 in site mode, = --concurrency in book mode; e.g. --per-host 4)")
    .option("--delay <duration>", "minimum time between two request starts on one host (e.g. --delay 500ms)", "0ms")
    .option("--retries <n>", "retries after the first attempt, for transient failures only (e.g. --retries 5)", String(DEFAULTS.retries))
    .option("--timeout <duration>", "per request: connect, headers and body (e.g. --timeout 10s; units ms, s, m)", "30s")
    .option("--max-body <size>", "largest response body (e.g. --max-body 20MiB)", "10MiB")
    .option("--max-retry-after <duration>", "cap on a server's Retry-After (e.g. --max-retry-after 2m)", "10m")
    .option("--max-crawl-delay <duration>", "cap on robots.txt Crawl-delay (e.g. --max-crawl-delay 10s)", "30s")
    .option("--max-redirects <n>", "redirects followed per request (e.g. --max-redirects 5)", String(DEFAULTS.maxRedirects))
    .option("--max-pages <n>", "no fetch starts once this many pages were fetched (e.g. --max-pages 1000)")
    .option("--strip-params <glob>", "query parameter left out of URL identity, repeatable (e.g. --strip-params 'utm_*')", collect)
    .option("--state <file>", `SQLite state file for resume, locked while a run uses it (default: beside the output, ${exampleName} → ${exampleName.replace(/\.[^.]*$/, "")}.crawl.db; e.g. --state crawl.db)`)
    .option("--resume", "require an existing state file and continue it (running the same command again resumes anyway)")
    .option("--fresh", "delete the state file and start over")
    .option("--frontier <url>", "share the crawl with other workers through Redis instead of a state file; start the same command on every machine (e.g. --frontier redis://10.0.0.5:6379/0)")
    .option("--crawl-id <name>", "name of the shared crawl in Redis, the same on every worker (e.g. --crawl-id novel-12097)")
    .addOption(new Option("--dedup <mode>", "seen set of a Redis crawl: exact set, or a Bloom filter for huge crawls (e.g. --dedup bloom)").choices(["set", "bloom"]))
    .option("--lease <duration>", "Redis crawl: a worker silent this long loses its URLs to the others (e.g. --lease 1m)", "30s")
    .option("--allow-private", "allow loopback, private and link-local addresses (e.g. for a site on 127.0.0.1)")
    .option("--ignore-robots", "do not fetch or obey robots.txt")
    .option("--user-agent <ua>", `User-Agent; its product token (before '/') is matched in robots.txt (e.g. --user-agent 'mybot/1.0 (+https://me.example)')`, DEFAULTS.userAgent)
    .option("--encoding <label>", "charset used when BOM, header and <meta> say nothing (e.g. --encoding gbk)", DEFAULTS.encoding)
    .option("--json", "print the final summary as JSON on stdout")
    .addOption(new Option("--progress <mode>", "progress display: a bar on a TTY, one line per interval otherwise (e.g. --progress line)").choices(["auto", "bar", "line", "none"]).default("auto"))
    .option("--progress-interval <duration>", "interval of the one-line progress (e.g. --progress-interval 5s)", "2s")
    .option("--dashboard [port]", "serve a live dashboard on 127.0.0.1 (no port or 0: any free port; the address is printed on stderr; e.g. --dashboard 8080)")
    .option("--dashboard-host <host>", "listen on this address instead of 127.0.0.1 — anyone who reaches it can pause or stop the crawl (e.g. --dashboard-host 0.0.0.0)")
    .option("--report <file>", "write a self-contained HTML report of the run at the end (e.g. --report out/report.html)")
    .option("--debug", "corio debug mode: the task tree (with file:line) on Ctrl-C, slow-step warnings; Ctrl-\\ prints the tree any time");
}

interface Parsed {
  [k: string]: unknown;
}

function toInput(mode: "book" | "site", urls: string[], o: Parsed): CrawlOptionsInput {
  const s = (k: string) => (o[k] === undefined ? undefined : String(o[k]));
  return {
    mode,
    startUrls: urls,
    output: String(o["output"]),
    format: s("format") as CrawlOptionsInput["format"],
    links: s("links"),
    content: s("content"),
    scope: s("scope") as CrawlOptionsInput["scope"],
    include: o["include"] as string[] | undefined,
    exclude: o["exclude"] as string[] | undefined,
    stripParams: o["stripParams"] as string[] | undefined,
    maxDepth: s("maxDepth"),
    maxPages: s("maxPages"),
    extract: o["extract"] as string[] | undefined,
    concurrency: s("concurrency"),
    perHost: s("perHost"),
    delay: s("delay"),
    retries: s("retries"),
    timeout: s("timeout"),
    maxBody: s("maxBody"),
    maxRetryAfter: s("maxRetryAfter"),
    maxCrawlDelay: s("maxCrawlDelay"),
    maxRedirects: s("maxRedirects"),
    state: s("state"),
    frontier: s("frontier"),
    crawlId: s("crawlId"),
    dedup: s("dedup") as CrawlOptionsInput["dedup"],
    lease: s("lease"),
    resume: Boolean(o["resume"]),
    fresh: Boolean(o["fresh"]),
    allowPrivate: Boolean(o["allowPrivate"]),
    ignoreRobots: Boolean(o["ignoreRobots"]),
    userAgent: s("userAgent"),
    encoding: s("encoding"),
    json: Boolean(o["json"]),
    progress: s("progress") as CrawlOptionsInput["progress"],
    progressInterval: s("progressInterval"),
    backoffBase: s("backoffBase"),
  };
}

/** What the CLI does around a crawl (not crawl options). */
export interface CliExtras {
  /** `--dashboard`: the port (0 any), or `null` without the flag. */
  dashboard: number | null;
  dashboardHost: string;
  /** `--report`: the HTML report's path, or `null`. */
  report: string | null;
}

function toExtras(o: Parsed): CliExtras {
  const host = o["dashboardHost"] === undefined ? null : String(o["dashboardHost"]);
  return {
    dashboard: o["dashboard"] === undefined && host === null ? null : dashboardPort(o["dashboard"]),
    dashboardHost: host ?? "127.0.0.1",
    report: o["report"] === undefined ? null : String(o["report"]),
  };
}

/** Build the commander program; `onCrawl` receives the parsed options, `onCommand` the other subcommands to run. */
export function buildProgram(onCrawl: (input: CrawlOptionsInput, extras: CliExtras) => void, onCommand: (run: (io: CliIo) => Promise<number>) => void = () => {}): Command {
  const program = new Command("corio")
    .description("corio — Python's asyncio, done right for TypeScript")
    .version(crawlVersion(), "-V, --version", "print the version of @corio/crawl")
    .exitOverride();
  const crawlCmd = program
    .command("crawl")
    .description("a polite, resumable crawler (book and site modes)")
    .version(crawlVersion(), "-V, --version", "print the version of @corio/crawl")
    .addHelpText(
      "after",
      "\nExit codes:\n  0    done, nothing failed\n  1    bad usage or an environment problem (path, permission, state file in use, Redis unreachable)\n" +
        "  2    some pages failed for good (see errors.jsonl)\n  70   internal error (the trace is in the file named)\n  130  interrupted (run the same command again to resume)\n",
    )
    .exitOverride();
  const book = crawlCmd
    .command("book")
    .description("download a novel: the index page's chapter links, each chapter's text, one ordered book")
    .argument("<index-url>", "the index (table of contents) page, e.g. https://www.example.com/12/12097/")
    .option("--links <selector>", "CSS selector of the chapter links on the index (e.g. --links '#list dd a')", DEFAULTS.links)
    .option("--content <selector>", "CSS selector of the chapter text (e.g. --content 'div.chapter-body')", DEFAULTS.content)
    .addOption(new Option("--format <format>", "output format, epub being an EPUB 3 book (default: from the -o extension, else md; e.g. --format epub)").choices(["md", "jsonl", "txt", "epub"]))
    .addHelpText("after", "\nExample:\n  corio crawl book https://www.example.com/12/12097/ --links 'dd a' --content '#content' -o book.md\n  corio crawl book https://www.example.com/12/12097/ -o book.epub\n")
    .exitOverride()
    .action((url: string, o: Parsed) => onCrawl(toInput("book", [url], o), toExtras(o)));
  sharedOptions(book, "out/book.md");
  book.addOption(new Option("--backoff-base <duration>", "base of the exponential retry backoff").hideHelp());
  const site = crawlCmd
    .command("site")
    .description("crawl a site from start URLs, one JSON line per page")
    .argument("<start-url...>", "where to start, e.g. https://example.com/docs/")
    .addOption(new Option("--scope <scope>", "how far from the start URLs (e.g. --scope prefix)").choices(["same-host", "same-domain", "prefix"]).default("same-host"))
    .option("--include <pattern>", "only URLs matching this glob or /regex/, repeatable (e.g. --include '*/docs/*')", collect)
    .option("--exclude <pattern>", "skip URLs matching this glob or /regex/, repeatable (e.g. --exclude '/\\.pdf$/')", collect)
    .option("--max-depth <n>", "deepest link distance from a start URL, start = 0 (e.g. --max-depth 3)")
    .option("--extract <field=selector[@attr]>", "a field of each record, repeatable (e.g. --extract title=h1 --extract img=img@src)", collect)
    .addHelpText("after", "\nExample:\n  corio crawl site https://example.com/docs/ --scope prefix --max-depth 3 --extract h1=h1 -o out/pages.jsonl\n")
    .exitOverride()
    .action((urls: string[], o: Parsed) => onCrawl(toInput("site", urls, o), toExtras(o)));
  sharedOptions(site, "out/pages.jsonl");
  site.addOption(new Option("--backoff-base <duration>", "base of the exponential retry backoff").hideHelp());
  crawlCmd
    .command("export")
    .description("write the output of a crawl shared through Redis (book in index order, or site JSONL), with errors.jsonl beside it")
    .requiredOption("--frontier <url>", "the Redis of the crawl (e.g. --frontier redis://10.0.0.5:6379/0)")
    .requiredOption("--crawl-id <name>", "the crawl's name (e.g. --crawl-id novel-12097)")
    .requiredOption("-o, --output <file>", "output file (e.g. -o book.md or -o pages.jsonl)")
    .addOption(new Option("--format <format>", "book output format (default: from the -o extension; e.g. -o book.epub)").choices(["md", "jsonl", "txt", "epub"]))
    .addHelpText("after", "\nExample:\n  corio crawl export --frontier redis://10.0.0.5:6379/0 --crawl-id novel-12097 -o book.md\n")
    .exitOverride()
    .action((o: Parsed) =>
      onCommand(async (io) =>
        (await import("./commands/export.js")).exportCrawl({ frontier: String(o["frontier"]), crawlId: String(o["crawlId"]), output: String(o["output"]), ...(o["format"] ? { format: o["format"] as "md" } : {}) }, io),
      ),
    );
  crawlCmd
    .command("report")
    .description("write the HTML report of a crawl from its stored state: a local one's state file, or a shared one's Redis (read-only; also while it runs)")
    .option("--state <file>", "the state file of a local crawl (e.g. --state out/book.crawl.db)")
    .option("--frontier <url>", "the Redis of a shared crawl (e.g. --frontier redis://10.0.0.5:6379/0)")
    .option("--crawl-id <name>", "the shared crawl's name (e.g. --crawl-id novel-12097)")
    .requiredOption("-o, --output <file>", "the report to write (e.g. -o out/report.html)")
    .addHelpText(
      "after",
      "\nExamples:\n  corio crawl report --state out/book.crawl.db -o out/report.html\n  corio crawl report --frontier redis://10.0.0.5:6379/0 --crawl-id novel-12097 -o report.html\n" +
        "\nA Redis crawl keeps its latest 100000 fetches for the report's response times and time series;\ncounts, bytes, retries and status codes cover every fetch (the report says when it was capped).\n",
    )
    .exitOverride()
    .action((o: Parsed) =>
      onCommand(async (io) => {
        const s = (k: string) => (o[k] === undefined ? {} : { [k]: String(o[k]) });
        return (await import("./commands/report.js")).reportFromState({ output: String(o["output"]), ...s("state"), ...s("frontier"), ...s("crawlId") }, io);
      }),
    );
  crawlCmd
    .command("status")
    .description("progress of a crawl: a local one from its state file (read-only, also while it runs), or one shared through Redis with pages/s per worker and what each is doing")
    .option("--state <file>", "the state file of a local crawl (e.g. --state out/book.crawl.db)")
    .option("--frontier <url>", "the Redis of a shared crawl (e.g. --frontier redis://10.0.0.5:6379/0)")
    .option("--crawl-id <name>", "the shared crawl's name (e.g. --crawl-id novel-12097)")
    .option("--json", "print the status as JSON")
    .addHelpText("after", "\nExamples:\n  corio crawl status --state out/book.crawl.db\n  corio crawl status --frontier redis://10.0.0.5:6379/0 --crawl-id novel-12097\n")
    .exitOverride()
    .action((o: Parsed) =>
      onCommand(async (io) => {
        const json = Boolean(o["json"]);
        if (o["state"] !== undefined && o["frontier"] === undefined && o["crawlId"] === undefined) {
          return (await import("./commands/state-status.js")).stateStatus({ state: String(o["state"]), json }, io);
        }
        if (o["state"] !== undefined || o["frontier"] === undefined || o["crawlId"] === undefined) {
          throw new UsageError("give --state <file> for a local crawl, or --frontier <url> and --crawl-id <name> for a shared one");
        }
        return (await import("./commands/status.js")).crawlStatus({ frontier: String(o["frontier"]), crawlId: String(o["crawlId"]), json }, io);
      }),
    );
  return program;
}

/** Where the CLI writes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };

/**
 * Run the CLI with `argv` (without `node script`); resolves to the exit code. Installs the
 * Ctrl-C handling for the duration of the crawl, and sizes V8's heap for crawling before
 * a crawl starts, as the command does in its own process ({@link tuneHeapForCrawling}).
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(["crawl", "book", url, "-o", "out/book.md", "--allow-private"]);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const uninstall = installLastResort(io.stderr);
  try {
    return await runCommand(argv, io);
  } catch (e) {
    // Whatever escaped: one line and 1 (the user's to fix) or 70 (ours), never a trace.
    return reportError(e, io.stderr, argv);
  } finally {
    uninstall();
  }
}

/**
 * commander's own complaint (`error: unknown option '--bogus'`) in the shape of every other
 * usage error: one line that says who speaks, the problem, and where the usage is.
 *
 * @example
 * ```ts
 * usageLine("error: unknown option '--bogus'\n", "corio crawl book");
 * // "corio crawl: unknown option '--bogus'; see corio crawl book --help\n"
 * ```
 */
export function usageLine(text: string, path: string): string {
  const speaker = path.startsWith("corio crawl") ? "corio crawl" : "corio";
  const problem = text.trim().replace(/^error:\s*/, "").replace(/\s*\n\s*/g, " ").replace(/\.$/, "");
  return `${speaker}: ${problem}; see ${path} --help\n`;
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let input: CrawlOptionsInput | undefined;
  let extras: CliExtras = { dashboard: null, dashboardHost: "127.0.0.1", report: null };
  let command: ((io: CliIo) => Promise<number>) | undefined;
  const program = buildProgram(
    (i, x) => {
      input = i;
      extras = x;
    },
    (c) => (command = c),
  );
  // Subcommands copied their parent's output settings when they were made: set every one.
  const configure = (cmd: Command, path: string): void => {
    cmd.configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(usageLine(text, path)) });
    cmd.commands.forEach((sub) => configure(sub, `${path} ${sub.name()}`));
  };
  configure(program, "corio");
  try {
    program.parse([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw e;
  }
  if (command !== undefined) return await command(io);
  if (input === undefined) {
    io.stderr(program.helpInformation());
    return EXIT.usage;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    io.stderr("\nstopping: finishing requests in flight (Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  let dashboard: CliDashboard | null = null;
  process.on("SIGINT", onSigint);
  const taskTree = watchTaskTree(argv, io);
  try {
    const options = resolveOptions({ ...input, signal: controller.signal });
    tuneHeapForCrawling(); // the command owns its process: V8's heap sized for a crawl
    const hooks: CrawlHooks = { onNote: (text) => io.stderr(`corio crawl: note: ${text}\n`) };
    if (extras.dashboard !== null || extras.report !== null) {
      const stop = () => (controller.signal.aborted ? undefined : onSigint());
      dashboard = await openDashboard({ port: extras.dashboard, host: extras.dashboardHost, mode: options.mode, command: ["corio", ...argv].join(" "), start: options.startUrls, stop, stderr: io.stderr });
    }
    const summary: CrawlSummary = await run(crawl(options, dashboard?.hooks(hooks) ?? hooks), { handleSignals: false, name: "corio crawl" });
    if (extras.report !== null) await writeReport(extras.report, dashboard!.live.snapshot());
    if (options.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stderr(formatSummary(summary));
    if (summary.state === "interrupted" || controller.signal.aborted) return EXIT.interrupted;
    return summary.totals.failed > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    process.off("SIGINT", onSigint);
    taskTree.stop();
    await dashboard?.finish();
  }
}
