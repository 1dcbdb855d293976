/**
 * A small random site for property tests: a fast-check arbitrary of site graphs (pages
 * that answer 200, 404 or 500, redirects to other pages or off the site, pages robots.txt
 * disallows, links off the site, too long, or into a trap; pages whose valid text holds a
 * literal U+FFFD), and a 127.0.0.1 server that serves one and records every request.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";

/** What a page answers. */
export type PageKind = "ok" | "missing" | "broken" | "redirect" | "offsite-redirect" | "disallowed";

/** Links that are not to a page of the site. */
export type ExtraLink = "offsite" | "long-offsite" | "long-onsite" | "trap";

/** One page of a {@link SiteSpec}. */
export interface PageSpec {
  kind: PageKind;
  /** Indices of pages it links to. */
  links: number[];
  /** `redirect`: the page it redirects to. */
  target: number;
  extras: ExtraLink[];
  /** Its text holds this many literal U+FFFD (valid UTF-8). */
  literal: number;
}

/** A site: page 0 is the start page (always `ok`). */
export interface SiteSpec {
  pages: PageSpec[];
}

/** The arbitrary of sites with up to `maxPages` pages. */
export function siteArbitrary(maxPages = 8): fc.Arbitrary<SiteSpec> {
  return fc.integer({ min: 1, max: maxPages }).chain((n) => {
    const page = fc.record({
      kind: fc.constantFrom<PageKind>("ok", "ok", "ok", "missing", "broken", "redirect", "redirect", "offsite-redirect", "disallowed"),
      links: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }),
      target: fc.integer({ min: 0, max: n - 1 }),
      extras: fc.array(fc.constantFrom<ExtraLink>("offsite", "long-offsite", "long-onsite", "trap"), { maxLength: 2 }),
      literal: fc.constantFrom(0, 0, 1, 2),
    });
    return fc.array(page, { minLength: n, maxLength: n }).map((pages) => ({ pages: pages.map((p, i) => (i === 0 ? { ...p, kind: "ok" as const } : p)) }));
  });
}

/** The path of page `i`. */
export function pagePath(site: SiteSpec, i: number): string {
  return site.pages[i]!.kind === "disallowed" ? `/private/p${i}.html` : `/p${i}.html`;
}

/** A served {@link SiteSpec}. */
export interface RandomSite {
  origin: string;
  startUrl: string;
  /** Request paths (query included) in arrival order, robots.txt included. */
  requests: string[];
  /** `Location` of each redirecting path. */
  redirects: Map<string, string>;
  close(): Promise<void>;
}

const LONG = "x".repeat(2100);

function pageHtml(site: SiteSpec, i: number, origin: string, offsite: string): string {
  const p = site.pages[i]!;
  const hrefs = p.links.map((j) => pagePath(site, j));
  for (const e of p.extras) {
    if (e === "offsite") hrefs.push(`${offsite}/elsewhere.html`);
    if (e === "long-offsite") hrefs.push(`${offsite}/${LONG}`);
    if (e === "long-onsite") hrefs.push(`${origin}/long/${LONG}`);
    if (e === "trap") hrefs.push("/t/t/t/");
  }
  const text = `page ${i}${" \uFFFD".repeat(p.literal)}`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>p${i}</title></head><body><p>${text}</p>${hrefs.map((h) => `<a href="${h}">l</a>`).join("")}</body></html>`;
}

/** Serve `site` on 127.0.0.1 (off-site links point at `localhost`, another host). */
export async function serveSite(site: SiteSpec): Promise<RandomSite> {
  const requests: string[] = [];
  const redirects = new Map<string, string>();
  const byPath = new Map(site.pages.map((_, i) => [pagePath(site, i), i]));
  let origin = "";
  let offsite = "";
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    requests.push(path);
    if (path === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nDisallow: /private/\n");
      return;
    }
    const i = byPath.get(path);
    const p = i === undefined ? undefined : site.pages[i];
    if (i === undefined || p === undefined || p.kind === "missing") {
      res.writeHead(404, { "content-type": "text/html" }).end("<p>not found</p>");
    } else if (p.kind === "broken") {
      res.writeHead(500, { "content-type": "text/html" }).end("<p>broken</p>");
    } else if (p.kind === "redirect" || p.kind === "offsite-redirect") {
      const location = p.kind === "redirect" ? pagePath(site, p.target) : `${offsite}/gone.html`;
      redirects.set(path, location);
      res.writeHead(302, { location }).end();
    } else {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(pageHtml(site, i, origin, offsite));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  offsite = `http://localhost:${port}`;
  return {
    origin,
    startUrl: `${origin}${pagePath(site, 0)}`,
    requests,
    redirects,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
