/**
 * The file path of a `file:` URL, as stack traces print it, without `node:url` (the core
 * may import no Node module). Any other URL (a bundle served over http) stays a URL:
 * browsers print frames as URLs.
 * @internal
 */
export function pathOfUrl(url: URL): string {
  if (url.protocol !== "file:") return url.href;
  const path = decodeURIComponent(url.pathname);
  // file:///C:/x → C:\x, as Windows stack frames print it.
  return /^\/[A-Za-z]:/.test(path) ? path.slice(1).replaceAll("/", "\\") : path;
}
