/**
 * Hrefs resolved lately, so a site's sidebar is not parsed again on every page. A docs
 * site repeats 200–600 links on each page, and resolving them (`new URL`, then dropping the
 * fragment) was 28% of the crawler's main thread on the generated docs site (6,000 pages).
 *
 * Answers are kept per scope, the part of the base URL an answer depends on:
 * - `http://…`, `https://…`: none (the href alone);
 * - `/…` (and `//host/…`): the base's scheme, userinfo, host and port;
 * - a path such as `p2.html`, `../api/x.html`: those and the base's directory (its path up
 *   to the last `/`), not its last segment nor its query;
 * - anything else (empty, `?…`, `#…`, `http:…` without `//`, a space, tab or control
 *   character where the parser would drop it): the whole base.
 *
 * So every page of a directory shares the answers for its relative links too. Bounded: past
 * {@link HREF_CACHE_SIZE} answers it starts over (a sidebar is back after one page). Its
 * keys are copies: a slice of a page's text would keep the whole page alive.
 * @module
 */

/** Default capacity: a few sidebars' worth. */
export const HREF_CACHE_SIZE = 4_096;

/** The answers of one scope, by href. */
type Answers = Map<string, string | null>;

/**
 * A bounded cache of resolved hrefs (`null`: not an http(s) link).
 *
 * @example
 * ```ts
 * const cache = new HrefCache();
 * cache.resolverFor(new URL("http://x.com/docs/a.html"))("b.html#top"); // "http://x.com/docs/b.html" (parsed)
 * cache.resolverFor(new URL("http://x.com/docs/c.html"))("b.html");     // the same directory: from the cache
 * ```
 */
export class HrefCache {
  private readonly scopes = new Map<string, Answers>();
  private size = 0;

  constructor(private readonly capacity = HREF_CACHE_SIZE) {}

  /** `href` resolved against `base`, without its fragment. */
  resolve(href: string, base: URL): string | null {
    return this.resolverFor(base)(href);
  }

  /** A function resolving hrefs against `base`: one per page, whose links share their scopes. */
  resolverFor(base: URL): (href: string) => string | null {
    const web = base.protocol === "http:" || base.protocol === "https:";
    const server = web && base.username === "" && base.password === "" ? base.origin : null;
    const directory = server === null ? null : server + base.pathname.slice(0, base.pathname.lastIndexOf("/") + 1);
    let absolute: Answers | undefined;
    let fromServer: Answers | undefined;
    let fromDirectory: Answers | undefined;
    let fromPage: Answers | undefined;
    return (href) => {
      let answers: Answers;
      const c = href.charCodeAt(0);
      if (c === 0x2f /* / */ && server !== null) answers = fromServer ??= this.scope(`/${server}`);
      else if ((c === 0x68 || c === 0x48) /* h, H */ && ABSOLUTE.test(href)) answers = absolute ??= this.scope("");
      else if (directory !== null && PATH.test(href)) answers = fromDirectory ??= this.scope(`.${directory}`);
      else answers = fromPage ??= this.scope(`=${base.href}`);
      let url = answers.get(href);
      if (url === undefined) {
        url = parse(href, base);
        if (++this.size > this.capacity) this.startOver();
        answers.set(detached(href), url);
      }
      return url;
    };
  }

  private scope(key: string): Answers {
    let answers = this.scopes.get(key);
    if (answers === undefined) this.scopes.set(key, (answers = new Map()));
    return answers;
  }

  /** Forget every answer; resolvers made before keep filling their scopes' maps, which are dropped. */
  private startOver(): void {
    for (const answers of this.scopes.values()) answers.clear();
    this.scopes.clear();
    this.size = 1;
  }
}

const ABSOLUTE = /^https?:\/\//i;
/**
 * A path reference, whose answer depends on the base's directory only: not `?`, `#`, `/`,
 * white space or nothing first, no scheme (`http:` alone is the base itself), and no tab
 * or line break anywhere (the parser drops them, which can make a scheme of what was not).
 */
const PATH = /^(?![a-z][a-z\d+.-]*:)[\w.%~!$&'()*+,;=@\u0080-\uffff-][^\t\n\r]*$/i;

/**
 * A copy of `text` that shares no memory with the page it came from. An href is a slice of
 * the page's whole decoded HTML, and V8 keeps the whole page alive for any slice of it —
 * or any string joined from one — that is kept: cached slices held one page each (+20 MB
 * peak RSS on the docs site, and a 2–8 MB page each in the worst case).
 */
function detached(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

function parse(href: string, base: URL): string | null {
  // The fragment is everything after the first "#": cut it before parsing rather than
  // through the `hash` setter, which re-serialises the whole URL. Not when a space or
  // control character precedes it — cut there, it would be trailing, and trimmed.
  const cut = href.indexOf("#");
  const early = cut !== -1 && (cut === 0 || href.charCodeAt(cut - 1) > 0x20);
  let url: URL;
  try {
    url = new URL(early ? href.slice(0, cut) : href, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!early && cut !== -1) url.hash = "";
  // No fragment can come from the base: a relative reference never inherits one.
  return url.href;
}
