/**
 * What most pages need, in one pass of htmlparser2's tokenizer and no tree: the `<title>`,
 * every `a[href]`, the first `<base href>`, and the text of one element (book mode's
 * `--content`, when it is `#id`, `tag` or `tag#id`). Building the DOM for a page only to
 * read these allocated a node per tag and text run, and css-select then walked it once per
 * selector; the profile of issue 12 had htmlparser2 + tree walks as the largest share of
 * the crawl's own time. Anything else (`--extract`, a page handler, other selectors)
 * still gets the tree (`html.ts`).
 *
 * Sameness with the DOM path is the contract (a property test compares them): the same
 * parser events build the tree, adjacent text events are merged as domhandler merges
 * them into one text node, and the text of an element is collected with `text.ts`'s own
 * rules and sets.
 * @module
 */
import { Parser } from "htmlparser2";
import { BLOCK, collapse, PARAGRAPH, SKIP, textOfItems, type Item } from "./text.js";

/** What {@link scanHtml} found. */
export interface PageScan {
  /** The first `<title>`'s text on one line, or `null` when there is none (as `extractTitle`). */
  title: string | null;
  /** `href` of every `<a href>`, as written, in document order. */
  hrefs: string[];
  /** `href` of the first `<base href>`, as written. */
  baseHref: string | undefined;
  /** The text of the first element matching `content` (as `extractText`), `null` when none matched or none was asked. */
  content: string | null;
}

/** A simple selector the scanner can match by itself: `tag`, `#id` or `tag#id`. */
const SIMPLE = /^\s*([a-zA-Z][a-zA-Z0-9-]*)?(?:#([A-Za-z_][\w-]*))?\s*$/;

/** The matcher of a selector the scanner can follow, or `null` when it needs the tree. */
export function streamableSelector(selector: string): ((name: string, attribs: Record<string, string>) => boolean) | null {
  const m = SIMPLE.exec(selector);
  if (m === null || (m[1] === undefined && m[2] === undefined)) return null;
  const tag = m[1]?.toLowerCase();
  const id = m[2];
  return (name, attribs) => (tag === undefined || name === tag) && (id === undefined || attribs["id"] === id);
}

/** The text of one element's subtree, collected as parser events arrive (see text.ts `collect`). */
class Capture {
  readonly items: Item[] = [];
  /** Open elements inside the capture, the matched one included; 0 before it and after it. */
  private depth = 0;
  /** The depth of an open SKIP element (its content is dropped), or 0. */
  private skipAt = 0;
  /** Open `<pre>` elements inside the capture. */
  private pre = 0;
  private readonly names: string[] = [];
  done = false;

  constructor(
    private readonly matches: (name: string, attribs: Record<string, string>) => boolean,
    private readonly childrenOnly: boolean,
  ) {}

  /** `selectable`: not inside a `<template>` (css-select does not look into template contents). */
  open(name: string, attribs: Record<string, string>, selectable: boolean): void {
    if (this.done) return;
    if (this.depth === 0) {
      if (!selectable || !this.matches(name, attribs)) return;
      this.depth = 1;
      this.names.push(name);
      if (!this.childrenOnly) this.enter(name);
      return;
    }
    this.depth++;
    this.names.push(name);
    if (this.skipAt === 0) this.enter(name);
  }

  private enter(name: string): void {
    if (SKIP.has(name)) {
      this.skipAt = this.depth;
      return;
    }
    if (name === "br") {
      this.items.push("\n");
      return;
    }
    const breaks = PARAGRAPH.has(name) ? 2 : BLOCK.has(name) ? 1 : 0;
    if (breaks) this.items.push(breaks);
    if (name === "pre") this.pre++;
  }

  close(): void {
    if (this.done || this.depth === 0) return;
    const name = this.names.pop()!;
    const root = this.depth === 1;
    if (this.skipAt !== 0) {
      if (this.skipAt === this.depth) this.skipAt = 0;
    } else if (name !== "br" && !(root && this.childrenOnly)) {
      if (name === "pre") this.pre--;
      const breaks = PARAGRAPH.has(name) ? 2 : BLOCK.has(name) ? 1 : 0;
      if (breaks) this.items.push(breaks);
      else if (name === "td" || name === "th") this.items.push(" ");
    }
    this.depth--;
    if (this.depth === 0) this.done = true;
  }

  text(data: string): void {
    if (this.done || this.depth === 0 || this.skipAt !== 0) return;
    if (this.pre > 0) {
      data.split("\n").forEach((line, i) => {
        if (i > 0) this.items.push("\n");
        this.items.push(collapse(line));
      });
    } else {
      this.items.push(collapse(data));
    }
  }

  get found(): boolean {
    return this.done || this.depth > 0;
  }
}

/**
 * Scan a decoded page once. `content` is a selector {@link streamableSelector} accepts.
 *
 * @example
 * ```ts
 * const scan = scanHtml("<title>第一章</title><div id=content>正文<a href='/2.html'>下一章</a></div>", "#content");
 * scan.title;   // "第一章"
 * scan.hrefs;   // ["/2.html"]
 * scan.content; // "正文下一章"
 * ```
 */
export function scanHtml(html: string, content?: string): PageScan {
  const hrefs: string[] = [];
  let baseHref: string | undefined;
  const title = new Capture((name) => name === "title", true);
  const contentMatch = content === undefined ? null : streamableSelector(content);
  if (content !== undefined && contentMatch === null) throw new RangeError(`scanHtml: ${JSON.stringify(content)} needs the tree (see streamableSelector)`);
  const body = contentMatch === null ? null : new Capture(contentMatch, false);
  const captures = body === null ? [title] : [title, body];
  // domhandler merges adjacent text events into one text node; so do we, before any other event.
  let pending = "";
  let inTemplate = 0;
  const flush = () => {
    if (pending === "") return;
    for (const c of captures) c.text(pending);
    pending = "";
  };
  const parser = new Parser({
    onopentag(name, attribs) {
      flush();
      const selectable = inTemplate === 0;
      if (selectable && name === "a" && attribs["href"] !== undefined) hrefs.push(attribs["href"]);
      else if (selectable && name === "base" && baseHref === undefined && attribs["href"] !== undefined) baseHref = attribs["href"];
      for (const c of captures) c.open(name, attribs, selectable);
      if (name === "template") inTemplate++;
    },
    onclosetag(name) {
      flush();
      if (name === "template" && inTemplate > 0) inTemplate--;
      for (const c of captures) c.close();
    },
    ontext(data) {
      pending += data;
    },
    oncomment: flush,
    oncdatastart: flush,
    onprocessinginstruction: flush,
  });
  parser.end(html);
  flush();
  return {
    title: title.found ? textOfItems(title.items).replace(/\s+/g, " ").trim() : null,
    hrefs,
    baseHref,
    content: body?.found ? textOfItems(body.items) : null,
  };
}
