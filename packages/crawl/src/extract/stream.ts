/**
 * What most pages need, in one pass of htmlparser2's tokenizer and no tree: the `<title>`,
 * every `a[href]`, the first `<base href>` and `<html lang>`, the text of one element (book
 * mode's `--content`), and on an index page the elements of a link selector with their
 * text (book mode's `--links`, default `dd a`) and the first `<h1>`. Building the DOM for a
 * page only to read these allocated a node per tag and text run, and css-select then
 * walked it once per selector; the profile of issue 12 had htmlparser2 + tree walks as the
 * largest share of the crawl's own time, and a 2,000-chapter index took 83–93 ms to parse
 * and query in a fresh process against 33–45 ms to scan. Selectors the scanner cannot
 * follow (`stream-selector.ts`), `--extract`, and page handlers still get the tree
 * (`html.ts`).
 *
 * Sameness with the DOM path is the contract (a property test compares them): the same
 * parser events build the tree, adjacent text events are merged as domhandler merges
 * them into one text node, and the text of an element is collected with `text.ts`'s own
 * rules and sets.
 *
 * Entities are decoded here, not by the tokenizer (`decodeEntities: false`): decoding
 * them makes the tokenizer read text and attribute values a character at a time, where
 * otherwise it jumps to the next `<` or quote; a novel chapter's text is mostly between
 * `&nbsp;`s. A merged text run is decoded with the tokenizer's own decoder (the
 * `entities` package) unless it is the raw text of `<script>`, `<style>`, `<xmp>`,
 * `<iframe>`, `<noembed>`, `<noframes>` or `<plaintext>` outside SVG and MathML, which
 * htmlparser2 leaves as written; attribute values with an `&` are decoded as attributes.
 * @module
 */
import { decodeHTML, decodeHTMLAttribute } from "entities/decode";
import { Parser } from "htmlparser2";
import { streamableChain, streamableSelector, type OpenElement } from "./stream-selector.js";
import { BLOCK, collapse, oneLine, PARAGRAPH, SKIP, textOfItems, type Item } from "./text.js";

export { streamableChain, streamableSelector } from "./stream-selector.js";

/** What {@link scanHtml} is asked for beyond what it always reads. */
export interface ScanRequest {
  /** A selector {@link streamableSelector} accepts: the first match's text becomes `content`. */
  content?: string;
  /** A selector {@link streamableChain} accepts: every match becomes one of `links`. */
  links?: string;
  /** Read the first `<h1>`'s text (`heading`). */
  heading?: boolean;
  /**
   * `"content"`: stop reading once the `content` element has ended (a book chapter needs
   * nothing after it; the footer, scripts and ads of a real chapter page are a fifth of
   * it). `title`, `hrefs`, `baseHref`, `lang` and `heading` then hold what came before.
   */
  until?: "content";
}

/** An element matching the `links` selector: its `href` as written and its text on one line. */
export interface ScannedLink {
  href: string | undefined;
  text: string;
}

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
  /** Every element matching `links`, in document order (`null` when not asked); the text as `extractInlineText`. */
  links: ScannedLink[] | null;
  /** The first `<h1>`'s text on one line (as `extractInlineText`), `null` when there is none or it was not asked. */
  heading: string | null;
  /** The `lang` attribute of the first `<html>` element, as written. */
  lang: string | undefined;
}

/** Elements whose content htmlparser2 reads as raw text: no tags and no entities inside. */
const RAW_TEXT = new Set(["script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"]);

/** RCDATA elements: entities are decoded, tags are not read, up to this end tag. */
const RCDATA_END = new Map([["title", "</title"], ["textarea", "</textarea"]]);

/**
 * An RCDATA element's text decoded as htmlparser2 decodes it: it reads the text against
 * the element's end tag, and an `&` met while part of that tag has matched (`a<&amp;`,
 * `</ti&amp;`) does not start an entity.
 */
function decodeRcdata(text: string, end: string): string {
  let out = "";
  let from = 0;
  let matched = 0;
  for (let i = 0; i < text.length; i++) {
    if (matched === end.length) matched = 0; // the whole tag, not followed by `>` or a space: text
    const c = text.charCodeAt(i);
    if ((c | 0x20) === end.charCodeAt(matched)) matched++;
    else if (matched !== 0) {
      if (c === 0x26) {
        out += decodeHTML(text.slice(from, i)) + "&";
        from = i + 1;
      }
      matched = c === 0x3c ? 1 : 0;
    }
  }
  return out + decodeHTML(text.slice(from));
}

/** Decode the entities of every attribute value that has one, in place. */
function decodeAttributes(attribs: Record<string, string>): void {
  for (const name in attribs) {
    const value = attribs[name]!;
    if (value.includes("&")) attribs[name] = decodeHTMLAttribute(value);
  }
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
 * Scan a decoded page once.
 *
 * @example
 * ```ts
 * const scan = scanHtml("<title>第一章</title><div id=content>正文<a href='/2.html'>下一章</a></div>", { content: "#content" });
 * scan.title;   // "第一章"
 * scan.hrefs;   // ["/2.html"]
 * scan.content; // "正文下一章"
 * ```
 * @example
 * ```ts
 * const index = scanHtml("<h1>恐怖复苏</h1><dl><dd><a href='/1.html'>第一章</a></dd></dl>", { links: "dd a", heading: true });
 * index.links;   // [{ href: "/1.html", text: "第一章" }]
 * index.heading; // "恐怖复苏"
 * ```
 */
export function scanHtml(html: string, want: ScanRequest = {}): PageScan {
  const hrefs: string[] = [];
  let baseHref: string | undefined;
  let lang: string | undefined;
  let htmlSeen = false;
  const title = new Capture((name) => name === "title", true);
  const contentMatch = want.content === undefined ? null : streamableSelector(want.content);
  if (want.content !== undefined && contentMatch === null) throw new RangeError(`scanHtml: ${JSON.stringify(want.content)} needs the tree (see streamableSelector)`);
  const linkMatch = want.links === undefined ? null : streamableChain(want.links);
  if (want.links !== undefined && linkMatch === null) throw new RangeError(`scanHtml: ${JSON.stringify(want.links)} needs the tree (see streamableChain)`);
  const body = contentMatch === null ? null : new Capture(contentMatch, false);
  const heading = want.heading ? new Capture((name) => name === "h1", false) : null;
  const captures = [title];
  if (body !== null) captures.push(body);
  if (heading !== null) captures.push(heading);
  // One capture per matched link, while it is open; `found` keeps them in document order.
  const found: { href: string | undefined; capture: Capture }[] = [];
  let open: Capture[] = [];
  /** The elements open now, outermost first (only kept when `links` needs ancestors). */
  const ancestors: OpenElement[] = [];
  // domhandler merges adjacent text events into one text node; so do we, before any other event.
  let pending = "";
  let inTemplate = 0;
  /** The text now arriving is a raw-text element's (see RAW_TEXT): not decoded. */
  let raw = false;
  /** The end tag of the RCDATA element the text now arriving is in, or undefined. */
  let rcdata: string | undefined;
  /** The parser's foreign context as of the last tag event: what the tokenizer sees at the next "<". */
  let foreignBefore = false;
  const flush = () => {
    if (pending === "") return;
    const text = raw || !pending.includes("&") ? pending : rcdata === undefined ? decodeHTML(pending) : decodeRcdata(pending, rcdata);
    pending = "";
    for (const c of captures) c.text(text);
    for (const c of open) c.text(text);
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        flush();
        // In SVG and MathML no element is raw text or RCDATA. The tokenizer asked at the "<", before this
        // element was pushed (an svg <title> is itself an HTML integration point), so ask as it did.
        const html = !foreignBefore;
        raw = html && RAW_TEXT.has(name);
        rcdata = html ? RCDATA_END.get(name) : undefined;
        decodeAttributes(attribs);
        const selectable = inTemplate === 0;
        if (selectable && name === "a" && attribs["href"] !== undefined) hrefs.push(attribs["href"]);
        else if (selectable && name === "base" && baseHref === undefined && attribs["href"] !== undefined) baseHref = attribs["href"];
        else if (selectable && name === "html" && !htmlSeen) {
          htmlSeen = true;
          lang = attribs["lang"];
        }
        for (const c of captures) c.open(name, attribs, selectable);
        if (linkMatch !== null) {
          for (const c of open) c.open(name, attribs, selectable);
          const el = { name, attribs };
          if (selectable && linkMatch(el, ancestors)) {
            const capture = new Capture(() => true, false);
            capture.open(name, attribs, true);
            found.push({ href: attribs["href"], capture });
            open.push(capture);
          }
          ancestors.push(el);
        }
        if (name === "template") inTemplate++;
        foreignBefore = parser.isInForeignContext();
      },
      onclosetag(name) {
        flush();
        raw = false;
        rcdata = undefined;
        if (name === "template" && inTemplate > 0) inTemplate--;
        for (const c of captures) c.close();
        if (body !== null && body.done && want.until === "content") parser.pause(); // end() then reads no further
        if (linkMatch !== null) {
          ancestors.pop();
          for (const c of open) c.close();
          if (open.some((c) => c.done)) open = open.filter((c) => !c.done);
        }
        foreignBefore = parser.isInForeignContext(); // the parser popped before this callback
      },
      ontext(data) {
        pending += data;
      },
      oncomment: flush,
      oncdatastart: flush,
      onprocessinginstruction: flush,
    },
    { decodeEntities: false },
  );
  parser.end(html);
  flush();
  return {
    title: title.found ? oneLine(textOfItems(title.items)) : null,
    hrefs,
    baseHref,
    content: body?.found ? textOfItems(body.items) : null,
    links: linkMatch === null ? null : found.map((f) => ({ href: f.href, text: oneLine(textOfItems(f.capture.items)) })),
    heading: heading?.found ? oneLine(textOfItems(heading.items)) : null,
    lang,
  };
}
