/**
 * HTML of the fixture pages, shaped like the biquge-style sites of the article: a list
 * page with a "latest chapters" block repeated above the full `<dl><dd><a>` list, and
 * chapter pages whose `<div id="content">` holds `&nbsp;`-indented paragraphs separated
 * by `<br /><br />`, surrounded by scripts, styles and ads.
 * @module
 */
import type { Novel, NovelChapter } from "./novel.js";

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const NOISE_HEAD = `<style>body{font:16px/1.8 serif}#content{padding:1em}.ads{display:none}</style>
<script>var _hmt = _hmt || []; (function(){ var hm = "<p>not text</p>"; })();</script>`;
const ADS = `<div class="ads"><a href="/ad/click?id=1">广告：点击领取VIP</a><img src="/ad.gif"></div>`;

// What surrounds a chapter on a real site (about 38 links and 3 KB of markup and script):
// the site's menu, a "recommended books" block and a footer.
const CATEGORIES = ["玄幻", "奇幻", "武侠", "仙侠", "都市", "言情", "历史", "军事", "游戏", "竞技", "科幻", "灵异", "同人", "女生"];
const SITE_MENU = `<div class="nav"><ul><li><a href="/">首页</a></li>${CATEGORIES.map((c, i) => `<li><a href="/sort/${i + 1}/">${c}小说</a></li>`).join("")}<li><a href="/top/">排行榜</a></li><li><a href="/full/">完本</a></li></ul></div>`;
const RECOMMENDED = `<div class="recommend"><h3>猜你喜欢</h3><ul>${Array.from({ length: 10 }, (_, i) => `<li><a href="/book/${20_100 + i * 37}/">${CATEGORIES[i % CATEGORIES.length]}之${"天地玄黄宇宙洪荒日月"[i]}</a> <span>作者${i + 1}号</span></li>`).join("")}</ul></div>`;
const FOOTER = `<div class="footer"><a href="/about.html">关于我们</a> | <a href="/contact.html">联系方式</a> | <a href="/copyright.html">版权声明</a> | <a href="/sitemap.xml">网站地图</a> | <a href="/m/">手机版</a><p>本站所有小说为转载作品，所有章节均由网友上传，转载至本站只是为了宣传，让更多读者欣赏。</p></div>
<script>(function(){var s=document.createElement("script");s.src="https://stats.example-cnzz.test/c.js?id=1261234567";var x=document.getElementsByTagName("script")[0];x.parentNode.insertBefore(s,x);})();
function readx(){var d=document.getElementById("content");if(!d)return;var p=localStorage.getItem("readset");if(p){try{var o=JSON.parse(p);d.style.fontSize=o.size+"px";d.style.color=o.color;document.body.style.background=o.bg;}catch(e){}}}
var ads=[["/ad/1","banner_728x90"],["/ad/2","banner_300x250"],["/ad/3","couplet"]];for(var i=0;i<ads.length;i++){document.write('<div class="ad" data-slot="'+ads[i][1]+'"></div>');}</script>`;

/** How a page declares its charset: in the header only, or in one of the two meta forms. */
export type CharsetDeclaration = "header" | "meta-charset" | "meta-http-equiv";

/** Which declaration a chapter uses: even numbers the header, odd ones a `<meta>` (alternating forms). */
export function chapterDeclaration(chapter: NovelChapter): CharsetDeclaration {
  if (chapter.number % 2 === 0) return "header";
  return chapter.number % 4 === 1 ? "meta-charset" : "meta-http-equiv";
}

function metaTag(decl: CharsetDeclaration, charset: string): string {
  if (decl === "meta-charset") return `<meta charset="${charset}">`;
  if (decl === "meta-http-equiv") return `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">`;
  return "";
}

/** Alternate absolute-path and relative hrefs, as real sites mix them. */
function href(chapter: NovelChapter): string {
  return chapter.number % 2 === 0 ? chapter.path : chapter.path.slice("/book/".length);
}

/** The index page. */
export function renderIndex(novel: Novel): string {
  const latest = novel.chapters.slice(-novel.latestCount).reverse();
  const dd = (c: NovelChapter) => `<dd><a href="${href(c)}">${escapeHtml(c.title)}</a></dd>`;
  return `<!DOCTYPE html>
<html><head><meta charset="gbk"><title>${novel.title}最新章节列表</title>
${NOISE_HEAD}</head>
<body><div class="header"><a href="/">首页</a> <a href="/top/">排行榜</a></div>${ADS}
<div id="info"><h1>${novel.title}</h1><p>作者：佚名</p></div>
<div id="list"><dl>
<dt>《${novel.title}》最新章节</dt>
${latest.map(dd).join("\n")}
<dt>《${novel.title}》正文</dt>
${novel.chapters.map(dd).join("\n")}
</dl></div>
<div class="footer">${ADS}<script>document.write("<a href='/js-link'>x</a>")</script></div></body></html>
`;
}

/** A chapter page; `declaration` decides whether a `<meta>` names the charset. */
export function renderChapter(novel: Novel, chapter: NovelChapter, declaration: CharsetDeclaration, charset = "gbk"): string {
  const prev = novel.chapters[chapter.number - 2];
  const next = novel.chapters[chapter.number];
  const body = chapter.paragraphs.map((p) => `&nbsp;&nbsp;&nbsp;&nbsp;${escapeHtml(p)}`).join("<br />\n<br />\n");
  return `<!DOCTYPE html>
<html><head>${metaTag(declaration, charset)}<title>${escapeHtml(chapter.title)}_${novel.title}</title>
${NOISE_HEAD}</head>
<body>${SITE_MENU}${ADS}
<div class="con_top"><a href="/">笔趣阁</a> &gt; <a href="${novel.indexPath}">${novel.title}</a> &gt; ${escapeHtml(chapter.title)}</div>
<div class="bookname"><h1>${escapeHtml(chapter.title)}</h1>
<div class="nav"><a href="${prev ? prev.path : novel.indexPath}">上一章</a> <a href="${novel.indexPath}">目录</a> <a href="${next ? next.path : novel.indexPath}">下一章</a></div></div>
<div id="content">${body}<br />
<br />
<script>readx();</script></div>
${ADS}${RECOMMENDED}${FOOTER}<script>var chapter = ${chapter.number};</script></body></html>
`;
}
