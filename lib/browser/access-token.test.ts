import { describe, expect, it } from "vitest";
import { jwtExpiry, refreshAt, REFRESH_MARGIN_S } from "./access-token";

const jwt = (claims: object) =>
  `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify(claims)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.sig`;

describe("access token timing", () => {
  it("reads exp from the token", () => {
    expect(jwtExpiry(jwt({ sub: "x", exp: 2_000_000_000 }))).toBe(2_000_000_000);
    expect(jwtExpiry("not-a-jwt")).toBeNull();
    expect(jwtExpiry(jwt({ sub: "x" }))).toBeNull();
  });

  it("refreshes a minute before expiry", () => {
    expect(refreshAt(jwt({ exp: 10_000 }), undefined, 6_400)).toBe(10_000 - REFRESH_MARGIN_S);
  });

  it("uses expires_in when the token has no exp, and half the life of a short token", () => {
    expect(refreshAt("opaque", 3600, 1000)).toBe(1000 + 3600 - REFRESH_MARGIN_S);
    expect(refreshAt(jwt({ exp: 1060 }), undefined, 1000)).toBe(1030);
  });
});
