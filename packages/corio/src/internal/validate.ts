/** A RangeError that names the argument, what was expected and what came instead. */
export function RangeErrorFor(what: string, expected: string, got: unknown): RangeError {
  return new RangeError(`${what}: expected ${expected}, got ${describe(got)}`);
}

/**
 * Checks a delay in milliseconds: any number but NaN. A negative delay means "now" (it
 * fires at the first suspension), as in asyncio and Node's `setTimeout`: a computed
 * deadline that is already past is an ordinary event, not a bug.
 */
export function checkDelay(what: string, ms: number): void {
  if (typeof ms !== "number") throw new TypeError(`${what}: expected a number of milliseconds, got ${describe(ms)}`);
  if (Number.isNaN(ms)) throw RangeErrorFor(what, "a number of milliseconds (0 or less means 'next loop turn')", ms);
}

/** A short, readable rendering of any value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (typeof v === "function") return `function ${v.name || "<anonymous>"}`;
  if (typeof v === "symbol") return v.toString();
  const ctor = (v as object).constructor;
  return ctor && ctor.name ? `a ${ctor.name}` : "an object";
}
