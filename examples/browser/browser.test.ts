/**
 * The browser example, for real: built with esbuild (build.ts), served from 127.0.0.1 by
 * this test together with a small /api/item/N endpoint, and driven in headless Chromium.
 * Start fetches every item; a hanging endpoint runs into the timeout; Cancel cancels the
 * corio task and the server sees every open request aborted.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, launchChromium } from "../../test/support/chromium.js";
import { buildBrowserExample } from "./build.js";

const skip = chromiumSkipReason();
if (skip) console.log(`skipping the browser example test: ${skip}`);

describe.skipIf(skip)("examples/browser in Chromium", () => {
  let dir = "";
  let server: http.Server;
  let base = "";
  let browser: Browser;
  /** Requests to /api/item/N that the client aborted before the answer. */
  let aborted = 0;
  let opened = 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "corio-browser-example-"));
    await buildBrowserExample(dir);
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const item = /^\/api\/item\/(\d+)$/.exec(url.pathname);
      if (item) {
        opened++;
        // delay=-1: never answer (the timeout and Cancel cases).
        const delay = Number(url.searchParams.get("delay") ?? "0");
        const timer = delay < 0 ? null : setTimeout(() => res.end(`item ${item[1]}`), delay);
        res.on("close", () => {
          if (!res.writableEnded) aborted++;
          if (timer) clearTimeout(timer);
        });
        return;
      }
      const file = url.pathname === "/" ? "index.html" : url.pathname.slice(1);
      if (file !== "index.html" && file !== "app.js") {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html" });
      res.end(fs.readFileSync(path.join(dir, file)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir !== "") fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(query: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${base}?${query}`);
    await page.click("#start");
    return page;
  }

  it("Start fetches every item in one TaskGroup and lists each", async () => {
    const page = await open("n=4&delay=50&timeout=10000");
    await page.waitForFunction(() => document.getElementById("status")!.textContent!.startsWith("done"));
    expect(await page.textContent("#status")).toBe("done: 4 items");
    const items = (await page.locator("#results li").allTextContents()).sort();
    expect(items).toEqual(["/api/item/1: item 1", "/api/item/2: item 2", "/api/item/3: item 3", "/api/item/4: item 4"]);
    await page.close();
  });

  it("a server that never answers runs into the timeout, and the requests are aborted", async () => {
    aborted = opened = 0;
    const page = await open("n=3&delay=-1&timeout=300");
    await page.waitForFunction(() => document.getElementById("status")!.textContent !== "running");
    expect(await page.textContent("#status")).toBe("timed out after 300 ms");
    await expect.poll(() => aborted).toBe(3);
    await page.close();
  });

  it("Cancel cancels the task: status says so and every open request is aborted", async () => {
    aborted = opened = 0;
    const page = await open("n=3&delay=-1&timeout=60000");
    await expect.poll(() => opened).toBe(3);
    await page.click("#cancel");
    await page.waitForFunction(() => document.getElementById("status")!.textContent !== "running");
    expect(await page.textContent("#status")).toBe("cancelled");
    await expect.poll(() => aborted).toBe(3);
    expect(await page.locator("#results li").count()).toBe(0);
    await page.close();
  });
});
