/**
 * In a real browser a busy corio loop leaves the page alive: while tasks spin on
 * `sleep(0)` (never waiting on time, the worst case for a cooperative scheduler),
 * `requestAnimationFrame` callbacks still run and a real mouse click still reaches its
 * handler — the loop's hop to the host between turns (loop/macrotask.ts, a MessageChannel
 * message in a browser) lets rendering and input in.
 *
 * Headless Chromium (test/support/chromium.ts); skipped, saying why, where it is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { chromiumSkipReason, launchChromium } from "../../../../test/support/chromium.js";
import { bundleForBrowser } from "../support/browser-bundle.js";

const PROGRAM = `
import { run, sleep, withTaskGroup } from "corio";
const state = { frames: 0, clicked: false, turns: 0 };
(globalThis as any).spinState = state;
(globalThis as any).spinUntilClicked = () => {
  const count = () => { state.frames++; requestAnimationFrame(count); };
  requestAnimationFrame(count);
  document.getElementById("stop")!.addEventListener("click", () => { state.clicked = true; });
  return run(function* () {
    yield* withTaskGroup(function* (tg) {
      for (let i = 0; i < 4; i++) {
        tg.createTask(function* () {
          while (!state.clicked) { state.turns++; yield* sleep(0); }
        });
      }
    });
    return { frames: state.frames, turns: state.turns };
  });
};
`;

const skip = chromiumSkipReason();
if (skip) console.log(`skipping the Chromium scheduling test: ${skip}`);

describe.skipIf(skip)("a busy corio loop in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("does not starve animation frames or input events", async () => {
    const { code } = await bundleForBrowser(PROGRAM, { format: "iife" });
    const page = await browser.newPage();
    await page.setContent(`<button id="stop">stop</button>`);
    await page.addScriptTag({ content: code });
    const done = page.evaluate(() => (globalThis as unknown as { spinUntilClicked(): Promise<{ frames: number; turns: number }> }).spinUntilClicked());
    // Both of these need the page's main thread between loop turns: polled on animation frames.
    await page.waitForFunction(() => {
      const s = (globalThis as unknown as { spinState: { frames: number; turns: number } }).spinState;
      return s.frames >= 5 && s.turns >= 1000;
    }, undefined, { timeout: 20_000 });
    await page.click("#stop", { timeout: 20_000 });
    const result = await done;
    // The loop really was busy all along: it ran thousands of turns, and ended only because the click got through.
    expect(result.turns).toBeGreaterThanOrEqual(1000);
    expect(result.frames).toBeGreaterThanOrEqual(5);
    await page.close();
  });
});
