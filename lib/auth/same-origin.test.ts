import { describe, expect, it } from "vitest";
import { isSameOrigin, ownOrigins } from "./same-origin";

describe("isSameOrigin", () => {
  const ours = ownOrigins("http://127.0.0.1:3000", "http://localhost:3000/first-party-token");

  it("accepts our own pages", () => {
    expect(isSameOrigin("http://127.0.0.1:3000", "same-origin", ours)).toBe(true);
    expect(isSameOrigin("http://localhost:3000", null, ours)).toBe(true);
    expect(isSameOrigin(null, "same-origin", ours)).toBe(true);
  });

  it("refuses other sites, sibling sites, opaque origins and header-less requests", () => {
    expect(isSameOrigin("https://evil.example", "cross-site", ours)).toBe(false);
    expect(isSameOrigin("https://evil.example", null, ours)).toBe(false);
    expect(isSameOrigin("http://127.0.0.1:3000", "same-site", ours)).toBe(false);
    expect(isSameOrigin("null", null, ours)).toBe(false);
    expect(isSameOrigin(null, null, ours)).toBe(false);
    expect(isSameOrigin(null, "none", ours)).toBe(false);
  });
});
