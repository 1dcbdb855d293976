/** A RangeError that names the argument, what was expected and what came instead. */
export function RangeErrorFor(what: string, expected: string, got: unknown): RangeError {
  return new RangeError(`${what}: expected ${expected}, got ${describe(got)}`);
}

/** Checks a delay in milliseconds: finite or +Infinity, not negative, not NaN. */
export function checkDelay(what: string, ms: number): void {
  if (typeof ms !== "number") throw new TypeError(`${what}: expected a number of milliseconds, got ${describe(ms)}`);
  if (!(ms >= 0)) throw RangeErrorFor(what, "a non-negative number of milliseconds (0 means 'next loop turn')", ms);
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
