import { afterEach, describe, expect, it, vi } from "vitest";
import { fileURLToPath } from "node:url";
import { run } from "corio";
import { bigPage } from "../../test/support/big-page.js";
import { resolveOptions } from "../options.js";
import { OFFLOAD_MIN_BYTES, PagePool } from "./page-pool.js";
import { processPage, type PageJobInput } from "./page-job.js";

const ORIGIN = "http://127.0.0.1:9";

function input(body: Uint8Array): PageJobInput {
  return {
    entry: { id: 1, url: `${ORIGIN}/docs/`, key: `${ORIGIN}/docs/`, host: "127.0.0.1:9", depth: 0, ord: null, label: null },
    finalUrl: `${ORIGIN}/docs/`,
    status: 200,
    contentType: "text/html; charset=utf-8",
    body,
    fetchedAt: "2026-12-05T00:00:00.000Z",
  };
}

describe("PagePool", () => {
  it("processes a 4.5 MB page on a worker exactly as the loop would, moving its bytes there", async () => {
    const options = resolveOptions({ mode: "site", startUrls: [`${ORIGIN}/docs/`], output: "/nonexistent/pages.jsonl", extract: ["h=h1", "anchors=pre a@id"] });
    const bytes = new TextEncoder().encode(bigPage({ origin: ORIGIN }));
    expect(bytes.length).toBeGreaterThan(4_000_000);
    const inline = processPage("inline", options, input(new Uint8Array(bytes)));
    const pool = new PagePool(options, 1);
    const body = new Uint8Array(bytes);
    const viaWorker = await run(function* () {
      try {
        return yield* pool.process(input(body));
      } finally {
        yield* pool.close();
      }
    }, { handleSignals: false });
    expect(body.length).toBe(0); // transferred, not copied
    expect(viaWorker).toEqual(inline);
    expect(viaWorker.discovered.length).toBeGreaterThan(600); // the sidebar (discovered is deduplicated)
  });

  it("offloads only large pages, and never when a page handler needs the page", () => {
    expect(PagePool.wants(OFFLOAD_MIN_BYTES - 1, false)).toBe(false);
    expect(PagePool.wants(OFFLOAD_MIN_BYTES, false)).toBe(true);
    expect(PagePool.wants(10 * OFFLOAD_MIN_BYTES, true)).toBe(false);
  });
});

describe("PagePool's worker module (CORIO_CRAWL_PAGE_JOB)", () => {
  afterEach(() => {
    delete process.env["CORIO_CRAWL_PAGE_JOB"];
    vi.resetModules();
  });

  /** page-pool.js loaded anew under `env` (it reads the variable when it loads), with the corio it runs on. */
  async function freshPool(env: string): Promise<typeof import("./page-pool.js") & { run: typeof run }> {
    process.env["CORIO_CRAWL_PAGE_JOB"] = env;
    vi.resetModules();
    return { ...(await import("./page-pool.js")), run: (await import("corio")).run };
  }

  it("missing (a bundle without it): pages stay on the loop, and one note says why and what to set", async () => {
    const { PagePool: Pool } = await freshPool("/nonexistent/bundle/page-job.js");
    const pool = new Pool(resolveOptions({ mode: "site", startUrls: [`${ORIGIN}/docs/`], output: "/nonexistent/pages.jsonl" }), 1);
    const notes: string[] = [];
    expect(pool.available((t) => notes.push(t))).toBe(false);
    expect(pool.available((t) => notes.push(t))).toBe(false);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("/nonexistent/bundle/page-job.js");
    expect(notes[0]).toContain("CORIO_CRAWL_PAGE_JOB");
  });

  it("named: the pool runs its pages there", async () => {
    const { PagePool: Pool, run: runFresh } = await freshPool(fileURLToPath(new URL("./page-job-dev.mjs", import.meta.url)));
    const options = resolveOptions({ mode: "site", startUrls: [`${ORIGIN}/docs/`], output: "/nonexistent/pages.jsonl" });
    const pool = new Pool(options, 1);
    const notes: string[] = [];
    expect(pool.available((t) => notes.push(t))).toBe(true);
    expect(notes).toEqual([]);
    const page = new TextEncoder().encode(`<title>t</title><a href="/a">a</a>`);
    const r = await runFresh(function* () {
      try {
        return yield* pool.process(input(page));
      } finally {
        yield* pool.close();
      }
    }, { handleSignals: false });
    expect(r).toEqual(processPage("inline-plain", options, input(new TextEncoder().encode(`<title>t</title><a href="/a">a</a>`))));
  });
});
