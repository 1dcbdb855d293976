/**
 * Real headless Chromium for the browser tests: Debian's `chromium` driven by
 * playwright-core (its own browser download cannot work here, so `executablePath` points at
 * the system binary). `.ci/run` installs the package with apt-get when it is missing.
 *
 * Tests call {@link chromiumSkipReason} in `describe.skipIf(...)` so a machine without
 * Chromium says why the browser tests did not run, instead of failing or passing silently.
 * @module
 */
import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";

const candidates = [process.env["CORIO_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The Chromium binary, or `null` when none is installed. */
export function chromiumPath(): string | null {
  for (const c of candidates) if (c && existsSync(c)) return c;
  return null;
}

/** Why the browser tests cannot run here, or `false` when they can. */
export function chromiumSkipReason(): string | false {
  if (chromiumPath()) return false;
  return "no Chromium: install Debian's chromium package (apt-get install chromium) or set CORIO_CHROMIUM";
}

/**
 * Launch headless Chromium with a fresh profile. The flags keep it off the network this
 * machine does not have (background networking, component updates, sync, QUIC);
 * playwright gives it a fresh profile folder and removes it when the browser closes.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(String(chromiumSkipReason()));
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
