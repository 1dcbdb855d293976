/**
 * Site mode: follow `a[href]` from the start URLs within `--scope`, `--include` and
 * `--exclude`, up to `--max-depth`; one JSONL record per fetched page (DESIGN §6 shape)
 * with the `--extract` fields and whatever the page handler put in `page.data`.
 * Discovered URLs that a rule refuses are remembered as skipped with the rule's reason,
 * so they land in `errors.jsonl` once and are never considered again.
 * @module
 */
import { writeChunksAtomic } from "../output/atomic-file.js";
import type { PageRecord } from "../output/jsonl.js";
import { dedupeLinks, extractLinks, resolveHrefs } from "../extract/links.js";
import { scanIfNoTree } from "../extract/page-tree.js";
import { extractFields } from "../extract/fields.js";
import { extractTitle } from "../extract/text.js";
import { checkUrlGuards, type GuardLimits } from "../url/guards.js";
import { createScope } from "../url/scope.js";
import type { CrawlOptions } from "../options.js";
import type { Frontier, NewEntry } from "../frontier/frontier.js";
import type { Mode } from "./mode.js";
import type { SkipReason } from "../errors.js";

/** Build site mode for resolved options and a canonicalizer; links in `recent` are left out of `discovered`. */
export function siteMode(options: CrawlOptions, canonical: (url: string | URL) => string, recent?: { has(url: string): boolean }): Mode {
  const inScope = createScope({ mode: options.scope, startUrls: options.startUrls, include: options.include, exclude: options.exclude });
  const limits = Number.isFinite(options.maxDepth) ? { maxDepth: options.maxDepth } : {};
  // Scope first: a URL off the site is `out-of-scope` even when it is also too long, a
  // trap or too deep — those guards describe the site's own URLs.
  const skipReason = (url: URL, depth: number, guardLimits: GuardLimits): SkipReason | null =>
    inScope(url) ? checkUrlGuards(url, depth, guardLimits) : "out-of-scope";
  return {
    seeds: () => options.startUrls.map((u) => ({ url: u, key: canonical(u), host: new URL(u).host, depth: 0 })),
    hopRule: (url) => skipReason(url, 0, {}),
    page(entry, page) {
      // No tree unless something needs one (a handler built it, or --extract): see extract/page-tree.ts.
      const scan = options.extract.length === 0 ? scanIfNoTree(page) : null;
      const fields = scan !== null || page.doc === null ? {} : extractFields(page.doc, options.extract);
      const record: PageRecord = {
        url: entry.url,
        finalUrl: page.finalUrl,
        status: page.status,
        contentType: page.contentType,
        depth: entry.depth,
        title: scan !== null ? scan.title : page.doc === null ? null : extractTitle(page.doc),
        fields: { ...fields, ...(page.data as PageRecord["fields"]) },
        fetchedAt: page.fetchedAt,
        bytes: page.bytes,
        replacementChars: page.replacementChars,
      };
      const discovered: NewEntry[] = [];
      const found = scan !== null ? resolveHrefs(scan.hrefs, scan.baseHref, page.finalUrl) : page.doc === null ? [] : extractLinks(page.doc, page.finalUrl).map((l) => l.url);
      for (const link of dedupeLinks(found, (u) => u)) {
        if (recent?.has(link)) continue; // committed lately: the frontier has it (see recent-links.ts)
        let key: string;
        let url: URL;
        try {
          url = new URL(link); // once: the key, the scope, the guards and the host read it
          key = canonical(url);
        } catch {
          continue;
        }
        const depth = entry.depth + 1;
        const skip = skipReason(url, depth, limits) ?? undefined;
        discovered.push({ url: link, key, host: url.host, depth, ...(skip ? { skip } : {}) });
      }
      return { data: JSON.stringify(record), discovered };
    },
    async write(frontier: Frontier, path: string) {
      let written = 0;
      await writeChunksAtomic(
        path,
        (async function* () {
          for await (const r of frontier.results()) {
            written++;
            yield `${r.data}\n`;
          }
        })(),
      );
      return written;
    },
  };
}
