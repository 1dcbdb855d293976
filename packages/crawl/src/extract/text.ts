/**
 * Visible text of an element with its paragraph structure kept — what a reader of the
 * page sees, close to the DOM's `innerText` without a layout engine:
 *
 * - `<br>` is a line break; `<p>` (and headings, `<blockquote>`, `<pre>`) stand apart by a
 *   blank line; other block elements (`<div>`, `<li>`, `<tr>`, …) start on a new line.
 *   Several requested breaks in a row merge (the largest wins), and text that already
 *   ends with enough newlines (`…<br></p>`) gets no extra blank line.
 * - `<script>`, `<style>`, `<noscript>`, `<template>`, `<head>` and embedded objects are
 *   dropped.
 * - Runs of white space (including `&nbsp;`) become one space; each line is trimmed
 *   (including full-width U+3000 indentation); at most one blank line survives between
 *   paragraphs. Inside `<pre>` newlines are kept but spaces are still collapsed — this
 *   is a text extractor for prose, not a code renderer.
 *
 * Also here: {@link extractInlineText} (link text, headings) and {@link extractTitle}.
 * @module
 */
import type { AnyNode } from "domhandler";
import { isTag, isText, hasChildren } from "domhandler";
import type { HtmlDocument } from "./html.js";

/** @internal shared with the streaming extractor (stream.ts), which must produce the same text. */
export const SKIP = new Set(["script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg", "canvas", "select"]);
/** @internal */
export const PARAGRAPH = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure"]);
/** @internal */
export const BLOCK = new Set([
  "address", "article", "aside", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
  "fieldset", "figcaption", "footer", "form", "header", "hgroup", "hr", "html", "legend", "li", "main",
  "nav", "ol", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
]);

/** A text run, or a request for at least that many line breaks before the next run. @internal */
export type Item = string | number;

/**
 * The visible text of one node or several (in order), paragraphs kept.
 *
 * @example
 * ```ts
 * const doc = parseHtml("<div id=content>&nbsp;&nbsp;第一段<br/><br/>&nbsp;&nbsp;第二段<script>ad()</script></div>");
 * extractText(doc.selectOne("#content")!); // "第一段\n\n第二段"
 * ```
 */
export function extractText(nodes: AnyNode | readonly AnyNode[]): string {
  const items: Item[] = [];
  for (const node of Array.isArray(nodes) ? nodes : [nodes as AnyNode]) collect(node, items, false);
  return textOfItems(items);
}

/** The text that collected items stand for. @internal */
export function textOfItems(items: Item[]): string {
  return finish(assemble(items));
}

/**
 * Text on one line: every run of white space, line breaks included, becomes one space.
 *
 * @example
 * ```ts
 * extractInlineText(doc.selectOne("title")!); // "第一章 开始"
 * ```
 */
export function extractInlineText(nodes: AnyNode | readonly AnyNode[]): string {
  return oneLine(extractText(nodes));
}

/** Text on one line: every run of white space becomes one space, and the ends are trimmed. @internal */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * The document's `<title>` on one line, or `null` when there is none.
 *
 * @example
 * ```ts
 * extractTitle(parseHtml("<title> 第一章\n 开始 </title>")); // "第一章 开始"
 * ```
 */
export function extractTitle(doc: HtmlDocument): string | null {
  const el = doc.selectOne("title");
  return el === null ? null : extractInlineText(el.children);
}

function collect(node: AnyNode, items: Item[], pre: boolean): void {
  if (isText(node)) {
    if (pre) {
      node.data.split("\n").forEach((line, i) => {
        if (i > 0) items.push("\n");
        items.push(collapse(line));
      });
    } else {
      items.push(collapse(node.data));
    }
    return;
  }
  if (isTag(node)) {
    const name = node.name;
    if (SKIP.has(name)) return;
    if (name === "br") {
      items.push("\n");
      return;
    }
    const breaks = PARAGRAPH.has(name) ? 2 : BLOCK.has(name) ? 1 : 0;
    if (breaks) items.push(breaks);
    for (const child of node.children) collect(child, items, pre || name === "pre");
    if (breaks) items.push(breaks);
    else if (name === "td" || name === "th") items.push(" ");
    return;
  }
  if (hasChildren(node)) for (const child of node.children) collect(child, items, pre);
}

/** @internal */
export function collapse(text: string): string {
  return text.replace(/[ \t\n\r\f\u00a0]+/g, " ");
}

function assemble(items: Item[]): string {
  let out = "";
  let pending = 0;
  // Newlines in the run of spaces and newlines that ends `out`, kept as items are added:
  // reading them off `out` (a regular expression on a string built by +=) flattened the
  // whole text at every paragraph, a copy of the chapter per paragraph.
  let tail = 0;
  for (const item of items) {
    if (typeof item === "number") {
      pending = Math.max(pending, item);
      continue;
    }
    // White space between blocks (source indentation) must not open a line of its own.
    if (pending > 0 && item !== "\n" && item.trim() === "") continue;
    if (pending > tail && out !== "") {
      out += "\n".repeat(pending - tail);
      tail = pending;
    }
    pending = 0;
    out += item;
    tail = trailingBreaks(item, tail);
  }
  return out;
}

/**
 * Newlines in the run of spaces and newlines that ends `before + item`, where `tail` is
 * that count for `before` alone.
 */
function trailingBreaks(item: string, tail: number): number {
  let count = 0;
  for (let i = item.length - 1; i >= 0; i--) {
    const c = item.charCodeAt(i);
    if (c === 10) count++;
    else if (c !== 32) return count;
  }
  return tail + count; // all spaces and newlines: the run goes on from `before`
}

/**
 * Each line trimmed with runs of spaces made one, at most one blank line between two
 * lines of text, none at either end. One pass over the lines: the split, map and join
 * it replaces copied the chapter four times.
 */
function finish(text: string): string {
  let out = "";
  let blank = false;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let line = text.slice(start, end).trim();
    start = end + 1;
    if (line === "") {
      blank = out !== "";
      continue;
    }
    if (line.includes("  ")) line = line.replace(/ {2,}/g, " ");
    if (out !== "") out += blank ? "\n\n" : "\n";
    out += line;
    blank = false;
  }
  return out;
}
