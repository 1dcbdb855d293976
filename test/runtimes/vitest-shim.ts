/**
 * The part of vitest's API that corio's core tests use, for runtimes vitest does not run on
 * (Bun, Deno, a browser page). The runner bundles each test file with "vitest" pointing here.
 *
 * Assertions are vitest's own (`@vitest/expect` on chai, `@vitest/spy`), so a test means
 * the same thing everywhere; only collection and running are ours: tests run one after
 * another, hooks in vitest's order, each `it` bounded by a timeout. Skips come from the
 * runner's list ({@link setSkips}) by full name, with their reason.
 * @module
 */
import { chai, JestAsymmetricMatchers, JestChaiExpect, JestExtend, type ExpectStatic } from "@vitest/expect";
import * as spy from "@vitest/spy";

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Fn = () => unknown;
interface Suite { name: string; parent: Suite | null; beforeAll: Fn[]; afterAll: Fn[]; beforeEach: Fn[]; afterEach: Fn[]; children: (Suite | Case)[]; skip: boolean }
interface Case { name: string; fn: Fn | undefined; suite: Suite; skip: boolean; timeout: number }

/** One test's outcome, as the runner prints it. */
export interface Outcome { name: string; status: "pass" | "fail" | "skip"; error?: string; reason?: string }

const DEFAULT_TIMEOUT = 30_000;
const root: Suite = { name: "", parent: null, beforeAll: [], afterAll: [], beforeEach: [], afterEach: [], children: [], skip: false };
let current = root;
let file = "";
let skips = new Map<string, string>();

/** The file whose tests are being collected (names are prefixed with it). */
export function setFile(name: string): void { file = name; }
/** Tests to skip: full name ("file > describe > it", or a prefix of it) → reason. */
export function setSkips(list: Record<string, string>): void { skips = new Map(Object.entries(list)); }

const isCase = (n: Suite | Case): n is Case => "fn" in n;
const fullName = (suite: Suite | null, name: string): string => {
  const parts: string[] = [name];
  for (let s = suite; s && s !== root; s = s.parent) parts.unshift(s.name);
  return parts.join(" > ");
};
const format = (template: string, args: unknown[], index: number): string => {
  let i = 0;
  return template.replace(/%[sdifjo#%]/g, (m) => (m === "%%" ? "%" : m === "%#" ? String(index) : String(args[i++]))).replace(/\$(\w+)/g, (m, k: string) => {
    const o = args[0] as Record<string, unknown> | undefined;
    return o && typeof o === "object" && k in o ? String(o[k]) : m;
  });
};

function addSuite(name: string, body: Fn, skip = false): void {
  const suite: Suite = { name: current === root ? `${file} > ${name}` : name, parent: current, beforeAll: [], afterAll: [], beforeEach: [], afterEach: [], children: [], skip: skip || current.skip };
  current.children.push(suite);
  const outer = current;
  current = suite;
  try { void body(); } finally { current = outer; }
}
function addCase(name: string, fn: Fn | undefined, timeout: number | undefined, skip = false): void {
  if (fn !== undefined && typeof fn !== "function") throw new TypeError(`vitest-shim: the body of "${name}" is not a function`);
  current.children.push({ name: current === root ? `${file} > ${name}` : name, fn, suite: current, skip: skip || current.skip, timeout: timeout ?? DEFAULT_TIMEOUT });
}
type Timeout = number | { timeout?: number } | undefined;
const ms = (t: Timeout): number | undefined => (typeof t === "number" ? t : t?.timeout);

function eachOf<F extends (name: string, fn: any, t?: Timeout) => void>(add: F) {
  return (rows: readonly unknown[]) => (name: string, fn: (...a: any[]) => unknown, t?: Timeout) =>
    rows.forEach((row, i) => {
      const args = Array.isArray(row) ? row : [row];
      add(format(name, args, i), () => fn(...args), t);
    });
}

/** vitest takes `(name, fn, timeout)` and `(name, options, fn)`. */
function caseArgs(a: Fn | { timeout?: number } | undefined, b: Fn | Timeout): [Fn | undefined, number | undefined] {
  if (typeof a === "function") return [a, ms(b as Timeout)];
  if (typeof b !== "function" && b !== undefined) throw new TypeError("vitest-shim: expected it(name, fn) or it(name, options, fn)");
  return [b as Fn | undefined, a?.timeout];
}

function makeIt() {
  const it = (name: string, a?: Fn | { timeout?: number }, b?: Fn | Timeout) => addCase(name, ...caseArgs(a, b));
  const skip = (name: string, a?: Fn | { timeout?: number }, b?: Fn | Timeout) => addCase(name, ...caseArgs(a, b), true);
  return Object.assign(it, {
    skip,
    todo: (name: string) => addCase(name, undefined, undefined, true),
    only: it,
    each: eachOf(it),
    skipIf: (cond: unknown) => (cond ? skip : it),
    runIf: (cond: unknown) => (cond ? it : skip),
    concurrent: it,
  });
}
function makeDescribe() {
  const describe = (name: string, body: Fn) => addSuite(name, body);
  const skip = (name: string, body: Fn) => addSuite(name, body, true);
  return Object.assign(describe, {
    skip,
    only: describe,
    each: eachOf(describe),
    skipIf: (cond: unknown) => (cond ? skip : describe),
    runIf: (cond: unknown) => (cond ? describe : skip),
    concurrent: describe,
    sequential: describe,
  });
}

export const it = makeIt();
export const test = it;
export const describe = makeDescribe();
export const suite = describe;
export const beforeAll = (fn: Fn) => void current.beforeAll.push(fn);
export const afterAll = (fn: Fn) => void current.afterAll.push(fn);
export const beforeEach = (fn: Fn) => void current.beforeEach.push(fn);
export const afterEach = (fn: Fn) => void current.afterEach.push(fn);

/** vitest's expect: chai with vitest's matchers (typed as vitest types it, which the plugins above make true). */
export const expect = Object.assign((value: unknown, message?: string) => chai.expect(value, message), chai.expect, {
  unreachable: (message?: string) => chai.assert.fail(`expected${message ? ` "${message}" ` : " "}not to be reached`),
}) as unknown as ExpectStatic;
/** Types are checked by tsc, not at run time. */
export const expectTypeOf = (): unknown => new Proxy(() => {}, { get: (_t, _k, r) => r, apply: (_t, _this, _a) => expectTypeOf() });
export const vi = {
  fn: spy.fn,
  spyOn: spy.spyOn,
  restoreAllMocks: spy.restoreAllMocks,
  clearAllMocks: spy.clearAllMocks,
  resetAllMocks: spy.resetAllMocks,
};

async function bounded(fn: Fn, timeout: number, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(fn),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeout} ms`)), timeout); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split("\n").slice(0, 6).join("\n");

function skipReason(name: string): string | undefined {
  for (const [prefix, reason] of skips) if (name === prefix || name.startsWith(`${prefix} > `)) return reason;
  return undefined;
}
const casesIn = (s: Suite): Case[] => s.children.flatMap((c) => (isCase(c) ? [c] : casesIn(c)));

/** Run every collected test; `report` sees each outcome as it happens. */
export async function runAll(report: (o: Outcome) => void): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const emit = (o: Outcome) => { outcomes.push(o); report(o); };
  async function runSuite(s: Suite): Promise<void> {
    const cases = casesIn(s);
    const active = cases.filter((c) => !c.skip && c.fn && !skipReason(fullName(c.suite, c.name)));
    let setupError: unknown;
    if (active.length > 0) for (const h of s.beforeAll) try { await bounded(h, DEFAULT_TIMEOUT, "beforeAll"); } catch (e) { setupError ??= e; }
    for (const child of s.children) {
      if (!isCase(child)) { await runSuite(child); continue; }
      const name = fullName(child.suite, child.name);
      const reason = skipReason(name) ?? (child.skip || !child.fn ? "skipped in the test file" : undefined);
      if (reason) { emit({ name, status: "skip", reason }); continue; }
      if (setupError) { emit({ name, status: "fail", error: `beforeAll: ${describeError(setupError)}` }); continue; }
      const chain: Suite[] = [];
      for (let p: Suite | null = child.suite; p; p = p.parent) chain.unshift(p);
      let error: unknown;
      try {
        for (const p of chain) for (const h of p.beforeEach) await bounded(h, DEFAULT_TIMEOUT, "beforeEach");
        await bounded(child.fn!, child.timeout, "test");
      } catch (e) { error = e; }
      for (const p of chain.reverse()) for (const h of p.afterEach) try { await bounded(h, DEFAULT_TIMEOUT, "afterEach"); } catch (e) { error ??= e; }
      emit(error === undefined ? { name, status: "pass" } : { name, status: "fail", error: describeError(error) });
    }
    if (active.length > 0) for (const h of s.afterAll) try { await bounded(h, DEFAULT_TIMEOUT, "afterAll"); } catch (e) { emit({ name: `${s.name} (afterAll)`, status: "fail", error: describeError(e) }); }
  }
  await runSuite(root);
  return outcomes;
}
