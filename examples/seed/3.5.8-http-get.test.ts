import { expect, it } from "vitest";
import { run } from "corio";
import { main } from "./3.5.8-http-get.js";
import { captureLog } from "./support.js";

it("3.5.8 raw HTTP GET over openConnection: both pages, fetched concurrently", async () => {
  const { lines, error } = await captureLog(() => run(main, { handleSignals: false }));
  expect(error).toBeUndefined();
  expect(lines[0]).toMatch(/^get_html 127\.0\.0\.1:\d+\.\.\.$/);
  expect(lines[1]).toMatch(/^get_html 127\.0\.0\.1:\d+\.\.\.$/); // both start before either ends
  expect(lines.slice(2)).toEqual([
    "HTTP/1.1 200 OK <html><title>dotnetcrazy</title><body>dotnetcrazy blogs</body></html>",
    "HTTP/1.1 200 OK <html><title>dunitian</title><body>dunitian blogs</body></html>",
  ]);
});
