/**
 * `--extract name=selector[@attr]`: user-defined fields of a site-mode record.
 * The value is the matched element's text (paragraphs kept, see `text.ts`) or, with
 * `@attr`, its attribute as written (not resolved against the page URL). One match gives
 * a string, several give an array, none gives `null` — so a missing field is visible in
 * the JSONL rather than indistinguishable from an empty one.
 * @module
 */
import { UsageError } from "../errors.js";
import { compileSelector, type HtmlDocument } from "./html.js";
import { extractText } from "./text.js";

/** One parsed `--extract` spec. */
export interface FieldSpec {
  name: string;
  selector: string;
  /** Attribute to read instead of the text. */
  attr?: string;
}

/** A field's value in a record. */
export type FieldValue = string | string[] | null;

const NAME = /^[A-Za-z_][\w-]*$/;
const ATTR = /@([A-Za-z_:][-\w:.]*)$/;

/**
 * Parse `name=selector[@attr]`; the selector is compiled now so a typo fails at startup.
 * A trailing `@word` is an attribute only outside `[...]` and quotes, so
 * `a[href$="@x"]` stays a selector.
 *
 * @example
 * ```ts
 * parseFieldSpec("cover=img.cover@src"); // { name: "cover", selector: "img.cover", attr: "src" }
 * parseFieldSpec("title=h1");            // { name: "title", selector: "h1" }
 * ```
 */
export function parseFieldSpec(spec: string): FieldSpec {
  const eq = spec.indexOf("=");
  const name = eq === -1 ? "" : spec.slice(0, eq).trim();
  if (!NAME.test(name)) {
    throw new UsageError(`expected name=selector[@attr] with a name of letters, digits, _ or -, got ${JSON.stringify(spec)}`, {
      option: "--extract",
    });
  }
  let selector = spec.slice(eq + 1).trim();
  let attr: string | undefined;
  const m = ATTR.exec(selector);
  if (m && isTopLevel(selector.slice(0, m.index))) {
    attr = m[1];
    selector = selector.slice(0, m.index).trim();
  }
  if (selector === "") {
    throw new UsageError(`field ${JSON.stringify(name)} has no selector, in ${JSON.stringify(spec)}`, { option: "--extract" });
  }
  compileSelector(selector, "--extract");
  return attr === undefined ? { name, selector } : { name, selector, attr };
}

/** True when `prefix` closes every `[` and quote it opens. */
function isTopLevel(prefix: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (const ch of prefix) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[") depth++;
    else if (ch === "]") depth--;
  }
  return depth === 0 && quote === null;
}

/**
 * Evaluate field specs on a parsed page. Elements lacking the attribute are skipped.
 * Duplicate names: the last spec wins.
 *
 * @example
 * ```ts
 * extractFields(doc, [parseFieldSpec("h=h1"), parseFieldSpec("imgs=img@src")]); // { h: "标题", imgs: ["/a.png", "/b.png"] }
 * ```
 */
export function extractFields(doc: HtmlDocument, specs: readonly FieldSpec[]): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const spec of specs) {
    const values: string[] = [];
    for (const el of doc.selectAll(spec.selector)) {
      const v = spec.attr === undefined ? extractText(el) : el.attribs[spec.attr];
      if (v !== undefined) values.push(v);
    }
    fields[spec.name] = values.length === 0 ? null : values.length === 1 ? values[0]! : values;
  }
  return fields;
}
