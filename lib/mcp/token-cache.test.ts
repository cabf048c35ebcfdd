import { describe, expect, it } from "vitest";
import { AccessTokenError, type VerifiedAccessToken } from "@/lib/auth";
import { cachingVerifier } from "./token-cache";

const claims = (exp: number) => ({ sub: "u", exp, scopes: new Set() }) as unknown as VerifiedAccessToken;

describe("cachingVerifier", () => {
  it("verifies a token once while it is valid, again once it has expired", async () => {
    let calls = 0;
    let exp = Math.floor(Date.now() / 1000) + 600;
    const verify = cachingVerifier(async () => {
      calls++;
      return claims(exp);
    });
    await verify("a");
    await verify("a");
    expect(calls).toBe(1);
    await verify("b");
    expect(calls).toBe(2);
    exp = Math.floor(Date.now() / 1000) - 1;
    await verify("c");
    await verify("c");
    expect(calls).toBe(4);
  });

  it("never caches a refusal, and stays within its size", async () => {
    let calls = 0;
    const verify = cachingVerifier(async (token) => {
      calls++;
      if (token === "bad") throw new AccessTokenError("bad_signature", "no");
      return claims(Math.floor(Date.now() / 1000) + 600);
    }, 2);
    await expect(verify("bad")).rejects.toThrow(AccessTokenError);
    await expect(verify("bad")).rejects.toThrow(AccessTokenError);
    expect(calls).toBe(2);
    for (const token of ["x", "y", "z", "x"]) await verify(token);
    // x was evicted when z arrived, so it is verified again.
    expect(calls).toBe(6);
  });
});
