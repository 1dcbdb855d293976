/**
 * Parse a page once and run every selector on the same tree (links, content, fields,
 * title). htmlparser2 + css-select instead of cheerio: the same parser and selector
 * engine cheerio uses in its fast mode, without the jQuery-style wrapper objects that
 * every call would allocate.
 *
 * Selectors come from the user (`--links`, `--content`, `--extract`), so they are compiled
 * once, cached, and a bad one is a {@link UsageError} at startup rather than a failure on
 * every page.
 * @module
 */
import { compile, selectAll, selectOne } from "css-select";
import type { AnyNode, Document, Element } from "domhandler";
import { parseDocument } from "htmlparser2";
import { UsageError } from "../errors.js";

/** A parsed page. */
export interface HtmlDocument {
  /** The document node; pass it (or any node under it) to the extract helpers. */
  readonly root: Document;
  /** Every element matching `selector`, in document order. */
  selectAll(selector: string): Element[];
  /** The first element matching `selector`, or `null`. */
  selectOne(selector: string): Element | null;
}

type Compiled = ReturnType<typeof compile<AnyNode, Element>>;
const compiled = new Map<string, Compiled>();

/**
 * Compile a CSS selector (cached), throwing a {@link UsageError} that names `option` when
 * it is malformed or uses an unsupported pseudo-class. Call it when options are read.
 *
 * @example
 * ```ts
 * compileSelector("dd a", "--links");
 * compileSelector("a[", "--links"); // throws UsageError "--links: invalid CSS selector …"
 * ```
 */
export function compileSelector(selector: string, option?: string): Compiled {
  let query = compiled.get(selector);
  if (query === undefined) {
    try {
      if (selector.trim() === "") throw new Error("it is empty");
      query = compile<AnyNode, Element>(selector);
    } catch (cause) {
      throw new UsageError(`invalid CSS selector ${JSON.stringify(selector)}: ${(cause as Error).message}`, {
        ...(option ? { option } : {}),
        cause,
      });
    }
    compiled.set(selector, query);
  }
  return query;
}

/**
 * Parse HTML text (already decoded) into a tree; never throws — broken markup is
 * repaired the way htmlparser2 repairs it.
 *
 * @example
 * ```ts
 * const doc = parseHtml("<dl><dd><a href='/1.html'>第一章</a></dd></dl>");
 * doc.selectAll("dd a").length; // 1
 * ```
 */
export function parseHtml(html: string): HtmlDocument {
  const root = parseDocument(html);
  return {
    root,
    selectAll: (selector) => selectAll<AnyNode, Element>(compileSelector(selector), root),
    selectOne: (selector) => selectOne<AnyNode, Element>(compileSelector(selector), root),
  };
}

/**
 * Elements under `scope` (not `scope` itself) matching `selector`.
 *
 * @example
 * ```ts
 * selectWithin(doc.selectOne("#list")!, "a");
 * ```
 */
export function selectWithin(scope: AnyNode | AnyNode[], selector: string): Element[] {
  return selectAll<AnyNode, Element>(compileSelector(selector), scope);
}
