/**
 * A 4.5 MB page goes through a worker thread (process/page-pool.ts) and lands in the
 * output exactly as a small page would: the same record, the same links followed. With a
 * page handler, the same page is processed on the loop (the handler gets the tree).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { PageRecord } from "../../src/output/jsonl.js";
import { bigPage } from "../support/big-page.js";
import { readJsonl, runCrawl, testOptions } from "./support.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** `/` is the big page; its sidebar links `/docs/p{n}.html` are small pages. */
async function serve(links: number): Promise<string> {
  let big: Buffer | null = null;
  server = createServer((req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    if (req.url === "/") res.end(big);
    else res.end(`<title>${req.url}</title><p>small</p>`);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  big = Buffer.from(bigPage({ origin, links }));
  return `${origin}/`;
}

describe("a large page", () => {
  it("is processed off the loop into the same record and links as on it", async () => {
    const start = await serve(40);
    const viaWorker = testOptions({ mode: "site", startUrls: [start], ignoreRobots: true, extract: ["h=h1", "lines=pre a@id"] });
    let handled = 0;
    const onLoop = testOptions({
      mode: "site",
      startUrls: [start],
      ignoreRobots: true,
      extract: ["h=h1", "lines=pre a@id"],
      onPage(page) {
        if (page.url === start) handled = page.doc?.selectAll("nav a").length ?? -1;
      },
    });
    const a = await runCrawl(viaWorker);
    const b = await runCrawl(onLoop);
    expect(handled).toBe(40);
    expect(a.totals).toEqual(b.totals);
    expect(a.totals.ok).toBe(41);
    const strip = (r: PageRecord) => ({ ...r, fetchedAt: "" });
    const recordsA = readJsonl<PageRecord>(viaWorker.output).map(strip).sort((x, y) => x.url.localeCompare(y.url));
    const recordsB = readJsonl<PageRecord>(onLoop.output).map(strip).sort((x, y) => x.url.localeCompare(y.url));
    expect(recordsA).toEqual(recordsB);
    const root = recordsA.find((r) => r.url === start)!;
    expect(root.title).toBe("Big page 12");
    expect(root.bytes).toBeGreaterThan(4_000_000);
    expect(Array.isArray(root.fields["lines"])).toBe(true);
  });
});
