import { existsSync } from "node:fs";

export class NoChromiumError extends Error {}

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/**
 * The browser for end-to-end tests: PLAYWRIGHT_CHROMIUM_EXECUTABLE, then Debian's
 * Chromium, then a browser Playwright downloaded itself.
 */
export async function findChromium(env = process.env): Promise<string> {
  const configured = env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new NoChromiumError(
      `PLAYWRIGHT_CHROMIUM_EXECUTABLE=${configured} does not exist: point it at a Chromium binary, or unset it.`,
    );
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const { chromium } = await import("@playwright/test");
  const downloaded = chromium.executablePath();
  if (downloaded && existsSync(downloaded)) return downloaded;
  throw new NoChromiumError(
    "No Chromium for the end-to-end tests: install Debian's (sudo apt-get install chromium), run `npx playwright install chromium`, or set PLAYWRIGHT_CHROMIUM_EXECUTABLE.",
  );
}
