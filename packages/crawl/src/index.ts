/**
 * corio crawl — the crawler built on corio. The engine arrives with its own issue;
 * this package exists now so the workspace layout is fixed from the first commit.
 * @module
 */
export const CRAWL_PACKAGE = "@corio/crawl";
