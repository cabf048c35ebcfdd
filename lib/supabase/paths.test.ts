import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath, signInPath } from "./paths";

/**
 * No open redirect through `next` (sign-in, the proxy's sign-in redirect, the OAuth
 * interaction's return): whatever comes in, the browser ends up on this origin.
 */
const APP = "https://busymate.example";

const attacks = [
  "//evil.example",
  "//evil.example/feed",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "https:evil.example",
  "https://evil.example",
  "http:/evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "%2F%2Fevil.example",
  "/%2F%2Fevil.example",
  "/%5Cevil.example",
  "/%5C%5Cevil.example",
  "/%09/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n//evil.example",
  " //evil.example",
  "/.//evil.example",
  "/feed/..//evil.example",
  "/%2e%2e//evil.example",
  "/@evil.example",
  "/\u3002evil.example",
  "//evil%2Eexample",
  "https:%2F%2Fevil.example",
];

describe("safeNextPath", () => {
  it.each(attacks)("%j stays on this origin", (next) => {
    const safe = safeNextPath(next);
    expect(safe.startsWith("/")).toBe(true);
    expect(safe.startsWith("//")).toBe(false);
    expect(safe).not.toContain("\\");
    expect(new URL(safe, APP).origin).toBe(APP);
  });

  it.each(["//evil.example", "/\\evil.example", "https:evil.example", "https://evil.example", "evil.example", "/\t/x"])(
    "%j falls back to the first section",
    (next) => expect(safeNextPath(next)).toBe(DEFAULT_AFTER_SIGN_IN),
  );

  it("keeps a path of ours with its query and fragment", () => {
    expect(safeNextPath("/feed?device=abc&q=x#top")).toBe("/feed?device=abc&q=x#top");
    expect(safeNextPath("/interaction/abc123")).toBe("/interaction/abc123");
  });

  it("signInPath carries only a safe next, encoded", () => {
    expect(signInPath("//evil.example")).toBe(`/sign-in?next=${encodeURIComponent(DEFAULT_AFTER_SIGN_IN)}`);
    const path = signInPath("/devices?x=1");
    expect(new URL(path, APP).searchParams.get("next")).toBe("/devices?x=1");
  });
});
