/**
 * A seeded, real-size HTML page for tests of large-page handling: a docs page with a long
 * sidebar of links, many paragraphs of mixed Latin and hanzi text, scripts and a source
 * listing with `#L123` anchors — about `targetBytes` of UTF-8 (default 4.5 MB).
 */
import { prng } from "../fixture-site/novel.js";

const HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车";
const WORDS = ["async", "loop", "task", "future", "cancel", "scope", "worker", "thread", "buffer", "stream", "parse", "crawl"];

/**
 * Build the page. `links` sidebar entries point at `/docs/p{n}.html` under `origin`.
 *
 * @example
 * ```ts
 * const html = bigPage({ origin: "http://127.0.0.1:8080" }); // ~4.5 MB
 * ```
 */
export function bigPage(options: { origin: string; targetBytes?: number; links?: number; seed?: number }): string {
  const { origin, targetBytes = 4_500_000, links = 600, seed = 12 } = options;
  const rnd = prng(seed);
  const pick = <T>(xs: ArrayLike<T>): T => xs[Math.floor(rnd() * xs.length)]!;
  const parts: string[] = [`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Big page ${seed}</title>`];
  parts.push(`<script>window.dataLayer=[${"1,".repeat(2000)}0];</script><style>.x{color:red}</style></head><body>`);
  parts.push(`<nav class="sidebar"><ul>`);
  for (let i = 0; i < links; i++) parts.push(`<li><a href="${origin}/docs/p${i}.html">Page ${i}</a></li>`);
  parts.push(`</ul></nav><main id="content"><h1>Big page</h1>`);
  let size = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
  let line = 1;
  while (size < targetBytes) {
    let para = "";
    const n = 20 + Math.floor(rnd() * 40);
    for (let i = 0; i < n; i++) para += rnd() < 0.5 ? pick(WORDS) + " " : pick(HANZI) + pick(HANZI);
    const chunk =
      rnd() < 0.2
        ? `<pre><a id="L${line}" href="#L${line}">${line++}</a> const ${pick(WORDS)} = ${Math.floor(rnd() * 1e6)};</pre>`
        : `<p>${para}<a href="/docs/p${Math.floor(rnd() * links)}.html#s">ref</a></p>\n`;
    parts.push(chunk);
    size += Buffer.byteLength(chunk);
  }
  parts.push(`</main></body></html>`);
  return parts.join("");
}
