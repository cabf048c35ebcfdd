import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Next resolves this marker itself; outside Next it is an empty module (scripts/node-hooks.mjs).
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["{app,components,lib,db,scripts,bench,cli,tests}/**/*.test.{ts,tsx}"],
    environment: "node",
    // Integration tests start real PostgreSQL clusters and app servers.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
