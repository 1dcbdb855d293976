/**
 * The `corio` command: `corio ps PID`, `corio pstree PID`, `corio crawl …` (from
 * @corio/crawl, when installed), `--version`, `--help`. The checked-in `bin/corio.js`
 * calls {@link main}; everything a user can get wrong ends in one line and exit code 1.
 * @module
 */
import { readFileSync } from "node:fs";
import { formatPs, formatPstree } from "../introspect/format-ps.js";
import { InspectError } from "./find-inspector.js";
import { readSnapshot } from "./read-snapshot.js";

/** Where the command writes. @internal */
export interface MainIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: MainIo = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };

const HELP = `Usage: corio <command> [options]

corio — Python's asyncio, done right for TypeScript.

Commands:
  ps <pid>       list the corio tasks of a running Node.js process: id, name, state,
                 what each waits on, its parent (e.g. corio ps 12345)
  pstree <pid>   the same as a tree: each task under the task that owns or awaits it
                 (e.g. corio pstree 12345)
  crawl ...      the crawler, from @corio/crawl (e.g. corio crawl --help)

Options:
  -V, --version  corio's version
  -h, --help     this help

ps and pstree open the target's inspector on 127.0.0.1:9229 with SIGUSR1 (as
"node inspect -p PID" does) and close it again; no change to the program is needed.
Run the program with CORIO_DEBUG=1 to also see the file:line where each task waits.
`;

/** corio's version, from its package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

function parsePid(command: string, arg: string | undefined, io: MainIo): number | null {
  if (arg === undefined || !/^\d+$/.test(arg) || Number(arg) <= 0) {
    io.stderr(`corio ${command}: expected a process id, e.g. corio ${command} 12345${arg !== undefined ? ` (got "${arg}")` : ""}\n`);
    return null;
  }
  return Number(arg);
}

async function inspect(command: "ps" | "pstree", args: string[], io: MainIo): Promise<number> {
  if (args[0] === "-h" || args[0] === "--help") {
    io.stdout(`Usage: corio ${command} <pid>\n`);
    return 0;
  }
  const pid = parsePid(command, args[0], io);
  if (pid === null) return 1;
  if (args.length > 1) {
    io.stderr(`corio ${command}: unexpected argument "${args[1]}" (usage: corio ${command} <pid>)\n`);
    return 1;
  }
  try {
    const snap = await readSnapshot(pid);
    io.stdout(command === "ps" ? formatPs(snap) : formatPstree(snap));
    return 0;
  } catch (e) {
    if (e instanceof InspectError) {
      io.stderr(`corio ${command}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** The package that provides `corio crawl`. */
const CRAWL_PACKAGE = "@corio/crawl";

/**
 * `corio crawl …`: hands over to the crawler package's `runCli`, loaded only now.
 * @internal `specifier` is for tests.
 */
export async function crawl(args: string[], io: MainIo, specifier: string = CRAWL_PACKAGE): Promise<number> {
  let mod: { runCli(argv: readonly string[]): Promise<number> };
  try {
    // A dynamic import: corio does not depend on @corio/crawl (it is the other way round).
    mod = (await import(specifier)) as typeof mod;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_MODULE_NOT_FOUND" && err.message.includes(specifier)) {
      io.stderr(`corio crawl needs ${specifier}: npm install ${specifier}\n`);
      return 1;
    }
    throw e;
  }
  return mod.runCli(["crawl", ...args]);
}

/**
 * Runs the `corio` command with `argv` (without `node script`) and resolves to its exit code.
 * @example process.exitCode = await main(["pstree", "12345"]);
 */
export async function main(argv: readonly string[], io: MainIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "-h":
    case "--help":
    case "help":
      (command === undefined ? io.stderr : io.stdout)(HELP);
      return command === undefined ? 1 : 0;
    case "-V":
    case "--version":
      io.stdout(`${version()}\n`);
      return 0;
    case "ps":
    case "pstree":
      return inspect(command, rest, io);
    case "crawl":
      return crawl(rest, io);
    default:
      io.stderr(`corio: unknown command "${command}" (commands: ps, pstree, crawl; see corio --help)\n`);
      return 1;
  }
}
