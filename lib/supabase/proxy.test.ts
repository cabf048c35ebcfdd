import { describe, expect, it } from "vitest";
import { isPublicPath } from "./proxy";

describe("isPublicPath", () => {
  it("lets token-authenticated surfaces through without a dashboard session", () => {
    for (const path of [
      "/mcp",
      "/functions/v1/ask",
      "/api/version",
      "/first-party-token",
      "/oauth/token",
      "/.well-known/oauth-protected-resource/mcp",
      "/llms.txt",
      "/health/ready",
      "/sign-in",
    ]) {
      expect(isPublicPath(path), path).toBe(true);
    }
  });

  it("sends dashboard pages to sign-in", () => {
    for (const path of [
      "/feed",
      "/devices",
      "/devices/6f1c2f5e-0b7a-4d55-9a2e-3c1d2b4a5e6f",
      "/account",
      "/consent/abc",
      "/mcpx",
      "/functionsx",
    ]) {
      expect(isPublicPath(path), path).toBe(false);
    }
  });
});
