import { defineConfig } from "@playwright/test";
import { findChromium } from "./lib/testing/chromium";

/**
 * End-to-end tests drive Chromium against the real `npm start` on a throwaway home
 * (see e2e/global-setup.ts), never a mock of Busymate.
 */
export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: process.env.BUSYMATE_E2E_URL,
    launchOptions: {
      executablePath: await findChromium(),
      // Chromium phones home at start; on a closed network that only adds noise and delay.
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-gpu",
      ],
    },
    trace: "retain-on-failure",
  },
});
