/**
 * The glob-or-regex patterns of `--include`, `--exclude` and `--strip-params`.
 *
 * `/…/flags` is a JavaScript regular expression that may match anywhere (`/\.pdf$/i`).
 * Anything else is a glob that must match the whole string: `*` is any run of characters
 * (slashes included — a URL glob like `*\/chapter/*` should not need `**`), `?` is one
 * character, everything else is literal. We chose this tiny dialect over picomatch
 * because path-style globs treat `/` specially, which is wrong for URLs and parameter
 * names, and a dependency for two metacharacters is not worth its weight.
 * @module
 */
import { UsageError } from "../errors.js";

/** A compiled pattern: `test(s)` answers whether `s` matches. */
export interface Pattern {
  /** The text the user wrote. */
  readonly source: string;
  test(value: string): boolean;
}

/**
 * Compile one pattern; a malformed regex is a {@link UsageError} naming `option`.
 *
 * @example
 * ```ts
 * compilePattern("utm_*").test("utm_source"); // true
 * compilePattern("/^page-\\d+$/").test("page-12"); // true
 * ```
 */
export function compilePattern(source: string, option?: string): Pattern {
  const re = /^\/(.+)\/([a-z]*)$/s.exec(source);
  if (re) {
    try {
      const regex = new RegExp(re[1]!, re[2]!.replace(/[gy]/g, ""));
      return { source, test: (value) => regex.test(value) };
    } catch (e) {
      throw new UsageError(`invalid regular expression ${source}: ${(e as Error).message}`, {
        ...(option ? { option } : {}),
        cause: e,
      });
    }
  }
  const body = [...source]
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.|+()[\]{}/]/g, "\\$&")))
    .join("");
  const glob = new RegExp(`^${body}$`, "s");
  return { source, test: (value) => glob.test(value) };
}

/**
 * Compile several patterns into one that matches when any of them does
 * (an empty list matches nothing).
 *
 * @example
 * ```ts
 * compilePatterns(["utm_*", "fbclid"]).test("fbclid"); // true
 * ```
 */
export function compilePatterns(sources: readonly string[], option?: string): Pattern {
  const patterns = sources.map((s) => compilePattern(s, option));
  return {
    source: sources.join(" "),
    test: (value) => patterns.some((p) => p.test(value)),
  };
}
