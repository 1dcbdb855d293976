/**
 * The fixture site for crawler tests and the demo: a generated GBK novel plus fault routes.
 * @module
 */
export { generateNovel, expectedBook, type Novel, type NovelChapter, type NovelOptions } from "./novel.js";
export { renderIndex, renderChapter, chapterDeclaration, escapeHtml, type CharsetDeclaration } from "./render.js";
export {
  startFixtureSite,
  failFirst,
  rateLimited,
  CHARSET_CASES,
  CHARSET_SAMPLE,
  type Fault,
  type FixtureRequest,
  type FixtureSite,
  type FixtureSiteOptions,
} from "./server.js";
