/**
 * The CSS selectors the one-pass scanner (`stream.ts`) can follow without a tree, matched
 * as css-select matches them on the tree htmlparser2 builds from the same events:
 *
 * - a compound: a tag name, `#id`, `.class` (any number), `[attribute]` (presence), in that
 *   order, at least one of them — `dd`, `#list`, `a.chapter[href]`, `div#list.box`;
 * - compounds joined by white space (the descendant combinator): `dd a`, `#list dd a`.
 *
 * Anything else (`>`, `+`, `~`, lists, pseudo-classes, attribute values, `*`, escapes)
 * returns `null`: the caller builds the tree and asks css-select. Tag and attribute names
 * are matched in lower case (htmlparser2 lower-cases them, and so does css-select for an
 * HTML document); ids and classes exactly.
 * @module
 */

/** An element as the scanner sees it: its name and attributes. */
export interface OpenElement {
  name: string;
  attribs: Record<string, string>;
}

/** Does `el`, with `ancestors` open above it (outermost first), match the selector? */
export type ChainMatcher = (el: OpenElement, ancestors: readonly OpenElement[]) => boolean;

const NAME = "[A-Za-z][A-Za-z0-9-]*";
const IDENT = "-?[A-Za-z_][\\w-]*";
const COMPOUND = new RegExp(`^(${NAME})?((?:#${IDENT})?)((?:\\.${IDENT})*)((?:\\[\\s*${NAME}\\s*\\])*)$`);

type Compound = (el: OpenElement) => boolean;

function compound(text: string): Compound | null {
  const m = COMPOUND.exec(text);
  if (m === null || text === "") return null;
  const tag = m[1]?.toLowerCase();
  const id = m[2] === "" ? undefined : m[2]!.slice(1);
  const classes = m[3] === "" ? [] : m[3]!.slice(1).split(".");
  const attributes = m[4] === "" ? [] : m[4]!.slice(1, -1).split(/\]\s*\[|\]\[/).map((a) => a.trim().toLowerCase());
  return (el) => {
    if (tag !== undefined && el.name !== tag) return false;
    if (id !== undefined && el.attribs["id"] !== id) return false;
    if (classes.length > 0) {
      const has = el.attribs["class"];
      if (has === undefined) return false;
      const list = has.split(/[ \t\r\n\f]+/);
      for (const c of classes) if (!list.includes(c)) return false;
    }
    for (const a of attributes) if (el.attribs[a] === undefined) return false;
    return true;
  };
}

/**
 * The matcher of a selector the scanner can follow, or `null` when it needs the tree.
 *
 * @example
 * ```ts
 * const dd = { name: "dd", attribs: {} };
 * streamableChain("dd a")!({ name: "a", attribs: { href: "/1.html" } }, [dd]); // true
 * streamableChain("dd > a");                                                    // null
 * ```
 */
export function streamableChain(selector: string): ChainMatcher | null {
  // Asked of every page, twice (may it be scanned? then the scan): compiled once, as html.ts
  // compiles css-select's selectors once.
  let matcher = chains.get(selector);
  if (matcher === undefined) chains.set(selector, (matcher = compileChain(selector)));
  return matcher;
}

const chains = new Map<string, ChainMatcher | null>();
const singles = new Map<string, ((name: string, attribs: Record<string, string>) => boolean) | null>();

function compileChain(selector: string): ChainMatcher | null {
  const parts = selector.trim().split(/[ \t\r\n\f]+/);
  const chain: Compound[] = [];
  for (const part of parts) {
    const c = compound(part);
    if (c === null) return null;
    chain.push(c);
  }
  const self = chain.pop()!;
  return (el, ancestors) => {
    if (!self(el)) return false;
    // Descendant combinators only: the nearest ancestor matching each compound, upwards.
    let i = ancestors.length - 1;
    for (let c = chain.length - 1; c >= 0; c--) {
      while (i >= 0 && !chain[c]!(ancestors[i]!)) i--;
      if (i < 0) return false;
      i--;
    }
    return true;
  };
}

/**
 * The matcher of a one-compound selector (`tag`, `#id`, `tag#id`…: no combinator), or `null`.
 *
 * @example
 * ```ts
 * streamableSelector("#content")!("div", { id: "content" }); // true
 * streamableSelector("dd a");                                  // null
 * ```
 */
export function streamableSelector(selector: string): ((name: string, attribs: Record<string, string>) => boolean) | null {
  let matcher = singles.get(selector);
  if (matcher === undefined) {
    const c = /[ \t\r\n\f]/.test(selector.trim()) ? null : compound(selector.trim());
    singles.set(selector, (matcher = c === null ? null : (name, attribs) => c({ name, attribs })));
  }
  return matcher;
}
