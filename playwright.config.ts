import path from "node:path";
import { pathToFileURL } from "node:url";
import { defineConfig } from "@playwright/test";
import { findChromium } from "./lib/testing/chromium";
import "./scripts/node-hooks.mjs";

// Specs use server modules (fixtures, the registry) marked `import "server-only"`: this process
// and its workers (which inherit the env) resolve that marker as the launcher does.
const hooks = `--import=${pathToFileURL(path.resolve(import.meta.dirname, "scripts/node-hooks.mjs")).href}`;
if (!process.env.NODE_OPTIONS?.includes(hooks)) {
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, hooks].filter(Boolean).join(" ");
}

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
