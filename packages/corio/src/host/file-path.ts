/**
 * Where corio's own files are, as stack frames print them, without `node:url` (the core
 * may import no Node module): debug mode drops corio's frames to show the user's.
 * @internal
 */

/**
 * The path of `relative` resolved against `base` (a module's `import.meta.url`): a file
 * path for a `file:` URL, the URL itself otherwise (browsers print frames as URLs).
 * `null` where there is no usable base — a classic-script bundle has no `import.meta.url`,
 * and then no frame is recognised as corio's (debug output keeps them; nothing breaks).
 */
export function pathFrom(relative: string, base: string | undefined): string | null {
  let url: URL;
  try {
    url = new URL(relative, base);
  } catch {
    return null;
  }
  if (url.protocol !== "file:") return url.href;
  const path = decodeURIComponent(url.pathname);
  // file:///C:/x → C:\x, as Windows stack frames print it.
  return /^\/[A-Za-z]:/.test(path) ? path.slice(1).replaceAll("/", "\\") : path;
}
