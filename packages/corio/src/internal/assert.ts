import { InternalError } from "../errors.js";

/** Throws {@link InternalError} when an invariant of corio's own code does not hold. */
export function assert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new InternalError(`invariant violated: ${what}`);
}
